-- One item's fault never stops the agent's pass (issue 14, item 6): a step that fails to be worked or
-- recorded is counted on its work item, with the fault, and the item is tried again later; after
-- reclaim.agent.max-failures such faults in a row its denial goes to a person with the last one.
-- A step recorded resets the count.
ALTER TABLE work_item
    ADD COLUMN failures     int NOT NULL DEFAULT 0,
    ADD COLUMN last_failure text;
