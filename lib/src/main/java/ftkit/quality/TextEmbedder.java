package ftkit.quality;

import java.util.List;

/** Turns texts into unit-length vectors whose dot product is their cosine similarity. */
public interface TextEmbedder {

    /** One unit vector per text, in order. */
    List<float[]> embed(List<String> texts);

    int dimension();

    /** Scales a vector to unit length in place (a zero vector stays zero). */
    static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) sum += x * x;
        if (sum > 0) {
            float inv = (float) (1 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) v[i] *= inv;
        }
        return v;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) dot += a[i] * b[i];
        return dot;
    }
}
