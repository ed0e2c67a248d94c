package org.reclaim.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code reclaim.security.*}: the password hash's cost and the lockout policy.
 *
 * @param passwordMemoryKib Argon2id memory per hash; 19 MiB with 2 passes is the OWASP Password
 *     Storage Cheat Sheet's first recommended setting. Tests lower it (cheap hashes there only).
 * @param passwordIterations Argon2id passes
 * @param maxFailedLogins failed logins in a row before the account is locked
 * @param lockout how long a locked account stays locked
 * @param sourceMaxFailures failed logins from one source address before it is refused for a while
 * @param sourceBackoff how long a source is refused the first time; each time after, twice as long
 * @param sourceBackoffMax the longest a source is refused
 */
@ConfigurationProperties("reclaim.security")
public record SecurityProperties(
        @DefaultValue("19456") int passwordMemoryKib,
        @DefaultValue("2") int passwordIterations,
        @DefaultValue("5") int maxFailedLogins,
        @DefaultValue("15m") Duration lockout,
        @DefaultValue("10") int sourceMaxFailures,
        @DefaultValue("1m") Duration sourceBackoff,
        @DefaultValue("1h") Duration sourceBackoffMax) {}
