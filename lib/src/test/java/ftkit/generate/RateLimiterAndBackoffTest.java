package ftkit.generate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RateLimiterAndBackoffTest {

    private static long millisOf(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void acquire(RateLimiter limiter, long tokens, int times) {
        try {
            for (int i = 0; i < times; i++) limiter.acquire(tokens);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void requestsPerMinuteAllowTenSecondsOfBurstThenTheSteadyRate() {
        RateLimiter limiter = new RateLimiter(60, 0); // 1 per second, bursts of 10
        assertTrue(millisOf(() -> acquire(limiter, 1, 10)) < 500, "the burst passes at once");
        long waited = millisOf(() -> acquire(limiter, 1, 2));
        assertTrue(waited >= 1800, "then one per second, waited " + waited + " ms");
    }

    @Test
    void tokensPerMinuteHoldBackLargeRequests() {
        RateLimiter limiter = new RateLimiter(0, 6000); // 100 tokens per second, bursts of 1000
        assertTrue(millisOf(() -> acquire(limiter, 1000, 1)) < 500);
        long waited = millisOf(() -> acquire(limiter, 200, 1));
        assertTrue(waited >= 1800 && waited < 6000, "200 tokens at 100/s, waited " + waited + " ms");
        // A request bigger than the bucket waits for a full bucket, not forever.
        RateLimiter small = new RateLimiter(0, 600);
        assertTrue(millisOf(() -> acquire(small, 10_000, 1)) < 500);
    }

    @Test
    void holdUntilPausesEveryCaller() {
        RateLimiter limiter = new RateLimiter(0, 0);
        limiter.holdUntil(System.nanoTime() + Duration.ofMillis(700).toNanos());
        long waited = millisOf(() -> acquire(limiter, 1, 1));
        assertTrue(waited >= 650, "waited " + waited + " ms");
    }

    @Test
    void backoffGrowsWithJitterIsCappedAndHonoursRetryAfter() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 200; i++) {
            long first = backoff.delay(1, Optional.empty()).toMillis();
            long fifth = backoff.delay(5, Optional.empty()).toMillis();
            long tenth = backoff.delay(10, Optional.empty()).toMillis();
            assertTrue(first >= 50 && first <= 100, "first retry " + first);
            assertTrue(fifth >= 50 && fifth <= 1600, "fifth retry " + fifth);
            assertTrue(tenth <= 1000, "capped: " + tenth);
            long asked = backoff.delay(1, Optional.of(Duration.ofSeconds(3))).toMillis();
            assertTrue(asked >= 3000 && asked <= 3300, "Retry-After 3 s: " + asked);
        }
        long max = 0;
        for (int i = 0; i < 200; i++) max = Math.max(max, backoff.delay(5, Optional.empty()).toMillis());
        assertTrue(max > 600, "jitter spreads up to the exponential ceiling, max seen " + max);
    }
}
