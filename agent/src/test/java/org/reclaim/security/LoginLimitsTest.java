package org.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.core.AgentClock;
import org.reclaim.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.BadCredentialsException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The login limits (issue 14, item 17): the lockout holds under parallel guesses, one source
 * address cannot keep an account locked, and the hashing one source causes is bounded.
 */
class LoginLimitsTest extends ApiTest {

    @Autowired OperatorAccounts accounts;
    @Autowired AgentClock clock;

    private String newOperator() {
        String user = "ll-" + UUID.randomUUID().toString().substring(0, 8);
        http.post()
                .uri("/api/v1/operators")
                .bodyValue(Map.of("username", user, "password", user + "-password"))
                .exchange()
                .expectStatus()
                .isCreated();
        return user;
    }

    /** What a sign-in from {@code source} answers: "ok", "bad", or the refusal's message. */
    private Mono<String> attempt(String source, String user, String password) {
        return accounts.authenticate(user, password)
                .map(o -> "ok")
                .onErrorResume(BadCredentialsException.class, e -> Mono.just("bad"))
                .onErrorResume(e -> Mono.just(String.valueOf(e.getMessage())))
                .contextWrite(ctx -> LoginThrottle.from(ctx, source));
    }

    private String login(String source, String user, String password) {
        return attempt(source, user, password).block();
    }

    private static String source() {
        return "test-" + UUID.randomUUID();
    }

    @Test
    void parallelGuessesHashNoMoreThanTheLockoutAllows() {
        String user = newOperator();
        List<String> answers =
                Flux.range(0, 40)
                        .flatMap(
                                i ->
                                        accounts.authenticate(user, "guess-" + i)
                                                .map(o -> "ok")
                                                .onErrorResume(
                                                        e ->
                                                                Mono.just(
                                                                        e
                                                                                        instanceof
                                                                                        BadCredentialsException
                                                                                ? "bad"
                                                                                : "locked")),
                                40)
                        .collectList()
                        .block();
        // exactly five passwords were checked; every other guess met the lock
        assertThat(answers).filteredOn("bad"::equals).hasSize(5);
        assertThat(answers).filteredOn("locked"::equals).hasSize(35);
    }

    @Test
    void oneSourceCannotKeepAnAccountLocked() {
        String victim = newOperator();
        String password = victim + "-password";
        String attacker = source();
        String owner = source();
        for (int i = 0; i < 5; i++)
            assertThat(login(attacker, victim, "guess-" + i)).isEqualTo("bad");
        for (int i = 0; i < 5; i++) {
            assertThat(login(attacker, victim, "guess-" + i)).contains("account locked");
        }
        // ten failures: the source is refused, even with the right password, without a hash
        assertThat(login(attacker, victim, password))
                .contains("from this address")
                .contains("60 s");
        assertThat(login(owner, victim, password)).contains("account locked");

        // the lockout over, one guess from the source does not lock the account again...
        clock.advanceTo(clock.instant().plus(Duration.ofMinutes(16)));
        assertThat(login(attacker, victim, "guess-again")).isEqualTo("bad");
        // ...and refuses the source for twice as long as the last time
        assertThat(login(attacker, victim, password)).contains("120 s");
        assertThat(login(owner, victim, password)).isEqualTo("ok");
        // the owner's success does not clear the attacker's address
        assertThat(login(attacker, victim, password)).contains("from this address");
    }

    @Test
    void theHashingOneSourceCausesIsBounded() {
        String from = source();
        List<String> answers =
                Flux.range(0, 30)
                        .flatMap(i -> attempt(from, "nobody-" + i, "guess"), 30)
                        .collectList()
                        .block();
        // unknown user names cost a hash each; the source's allowance is ten
        assertThat(answers).filteredOn("bad"::equals).hasSize(10);
        assertThat(answers)
                .filteredOn(a -> !"bad".equals(a))
                .allSatisfy(a -> assertThat(a).contains("from this address"));
        // another source is not affected
        assertThat(login(source(), "admin", org.reclaim.support.IntegrationTest.ADMIN_PASSWORD))
                .isEqualTo("ok");
    }
}
