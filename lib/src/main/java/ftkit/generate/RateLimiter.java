package ftkit.generate;

/**
 * Limits requests per minute and tokens per minute with two token buckets that refill continuously, each holding
 * at most ten seconds' worth so that a run does not burst a minute's quota at once. A provider's 429 with
 * {@code Retry-After} also holds every worker until that time ({@link #holdUntil}), since the quota is shared.
 * A limit of 0 means unlimited.
 */
public final class RateLimiter {
    private final Bucket requests;
    private final Bucket tokens;
    private long heldUntilNanos;

    public RateLimiter(int requestsPerMinute, long tokensPerMinute) {
        this.requests = requestsPerMinute > 0 ? new Bucket(requestsPerMinute) : null;
        this.tokens = tokensPerMinute > 0 ? new Bucket(tokensPerMinute) : null;
    }

    /** Blocks until one request of about {@code estimatedTokens} tokens may start. */
    public void acquire(long estimatedTokens) throws InterruptedException {
        waitForHold();
        if (requests != null) requests.take(1);
        if (tokens != null) tokens.take(estimatedTokens);
    }

    /** Makes every caller of {@link #acquire} wait until {@code nanoTime}. */
    public synchronized void holdUntil(long nanoTime) {
        if (nanoTime - heldUntilNanos > 0) heldUntilNanos = nanoTime;
    }

    private void waitForHold() throws InterruptedException {
        while (true) {
            long wait;
            synchronized (this) {
                wait = heldUntilNanos - System.nanoTime();
            }
            if (wait <= 0) return;
            Thread.sleep(Math.max(1, wait / 1_000_000));
        }
    }

    private static final class Bucket {
        private final double perNano;
        private final double capacity;
        private double available;
        private long last = System.nanoTime();

        Bucket(long perMinute) {
            this.perNano = perMinute / 60e9;
            this.capacity = Math.max(1, perMinute / 6.0);
            this.available = capacity;
        }

        void take(long amount) throws InterruptedException {
            // A request larger than the bucket waits for a full bucket instead of forever.
            double need = Math.min(amount, capacity);
            while (true) {
                long sleepNanos;
                synchronized (this) {
                    long now = System.nanoTime();
                    available = Math.min(capacity, available + (now - last) * perNano);
                    last = now;
                    if (available >= need) {
                        available -= need;
                        return;
                    }
                    sleepNanos = (long) ((need - available) / perNano);
                }
                Thread.sleep(Math.max(1, sleepNanos / 1_000_000));
            }
        }
    }
}
