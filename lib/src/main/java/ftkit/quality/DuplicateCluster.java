package ftkit.quality;

import java.util.List;

/**
 * A group of samples found to be (near-)duplicates of each other. The representative is the first of them in the
 * input (the one kept); {@code members} are the others with their similarity to the representative.
 *
 * @param kind           exact, near or semantic
 * @param representative the index (0-based, in input order) of the kept sample
 * @param members        the other samples of the group, most similar first
 */
public record DuplicateCluster(String kind, int representative, List<Member> members) {

    /** One non-representative sample: its index and its similarity to the representative (1.0 for exact copies). */
    public record Member(int index, double similarity) {
    }

    public int size() {
        return members.size() + 1;
    }
}
