package ftkit.generate;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between retries: exponential ({@code base × 2^(attempt-1)}, capped) with full jitter, so that workers that
 * failed together do not retry together. A provider's {@code Retry-After} wins when present: the wait is then at
 * least what it asked for, plus up to 10% jitter.
 */
public record Backoff(Duration base, Duration cap) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(60));

    /** The wait before retry number {@code attempt} (1 = the first retry). */
    public Duration delay(int attempt, Optional<Duration> retryAfter) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (retryAfter.isPresent()) {
            long asked = retryAfter.get().toMillis();
            return Duration.ofMillis(asked + (long) (random.nextDouble() * Math.max(50, asked / 10)));
        }
        long ceiling = Math.min(cap.toMillis(), base.toMillis() * (1L << Math.min(20, attempt - 1)));
        // Full jitter, but never less than half the base, so a retry is never immediate.
        long half = base.toMillis() / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * Math.max(0, ceiling - half)));
    }
}
