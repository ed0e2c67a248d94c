package org.reclaim.security;

import java.util.Set;
import java.util.UUID;
import org.reclaim.tenancy.PracticeScope;

/** Who is calling: a practice through one of its API keys, or an operator. */
public sealed interface ReclaimPrincipal
        permits ReclaimPrincipal.PracticeKey, ReclaimPrincipal.Operator {

    /** The practices this caller may see. */
    PracticeScope scope();

    /** How the caller appears in the audit trail. */
    String actor();

    /** A practice calling with an API key: sees its own practice only. */
    record PracticeKey(UUID practiceId, String slug, UUID keyId) implements ReclaimPrincipal {
        @Override
        public PracticeScope scope() {
            return PracticeScope.of(practiceId);
        }

        @Override
        public String actor() {
            return "practice:" + slug;
        }
    }

    /** An operator; {@code practices} null means every practice. */
    record Operator(UUID id, String username, Role role, Set<UUID> practices)
            implements ReclaimPrincipal {
        @Override
        public PracticeScope scope() {
            return practices == null ? PracticeScope.ALL : PracticeScope.of(practices);
        }

        @Override
        public String actor() {
            return "operator:" + username;
        }

        public boolean admin() {
            return role == Role.ADMIN;
        }
    }

    enum Role {
        ADMIN,
        REVIEWER
    }
}
