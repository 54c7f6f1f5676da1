package ftkit.devserver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Decides which request gets which {@link Fault}. Rules are checked in this order: a fault pinned to the
 * request's number, then the queue of faults for the next requests, then the random rules in the order added.
 * Request numbers count every request the server receives, from 1, across all routes.
 *
 * <p>Random rules draw from a generator seeded with the script's seed and the request number, so a given seed
 * faults the same request numbers whatever the thread interleaving. Thread-safe; may be changed while the
 * server runs.
 */
public final class FaultScript {

    private final Map<Long, Fault> pinned = new HashMap<>();
    private final Deque<Fault> queued = new ArrayDeque<>();
    private final List<RandomRule> randomRules = new ArrayList<>();
    private volatile long seed;

    public FaultScript(long seed) {
        this.seed = seed;
    }

    public FaultScript() {
        this(0L);
    }

    public synchronized FaultScript seed(long newSeed) {
        this.seed = newSeed;
        return this;
    }

    /** The request with this number (1-based, server-wide) gets {@code fault}. */
    public synchronized FaultScript onRequest(long requestNumber, Fault fault) {
        if (requestNumber < 1) {
            throw new IllegalArgumentException("request numbers start at 1, got " + requestNumber);
        }
        pinned.put(requestNumber, fault);
        return this;
    }

    /** The next requests to arrive get these faults, one each, in order. */
    public synchronized FaultScript next(Fault... faults) {
        queued.addAll(List.of(faults));
        return this;
    }

    /**
     * Each request (optionally only on {@code route}) gets one of {@code faults} with this probability, the fault
     * chosen uniformly.
     */
    public synchronized FaultScript randomly(double probability, Route route, Fault... faults) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be within 0..1, got " + probability);
        }
        if (faults.length == 0) {
            throw new IllegalArgumentException("randomly() needs at least one fault");
        }
        randomRules.add(new RandomRule(probability, route, List.of(faults)));
        return this;
    }

    public FaultScript randomly(double probability, Fault... faults) {
        return randomly(probability, null, faults);
    }

    /** Removes every rule. */
    public synchronized FaultScript clear() {
        pinned.clear();
        queued.clear();
        randomRules.clear();
        return this;
    }

    synchronized Optional<Fault> decide(long requestNumber, Route route) {
        Fault fault = pinned.remove(requestNumber);
        if (fault != null) {
            return Optional.of(fault);
        }
        fault = queued.poll();
        if (fault != null) {
            return Optional.of(fault);
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + requestNumber);
        for (RandomRule rule : randomRules) {
            // Draw for every rule, applicable or not, so one rule's draws do not depend on another's route filter.
            double draw = random.nextDouble();
            int pick = random.nextInt(rule.faults.size());
            if ((rule.route == null || rule.route == route) && draw < rule.probability) {
                return Optional.of(rule.faults.get(pick));
            }
        }
        return Optional.empty();
    }

    private record RandomRule(double probability, Route route, List<Fault> faults) {}
}
