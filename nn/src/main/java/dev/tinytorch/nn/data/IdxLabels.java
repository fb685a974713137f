package dev.tinytorch.nn.data;

/**
 * The contents of an IDX label file as {@link IdxReader} read it: one unsigned byte per sample, the class index.
 */
public final class IdxLabels {

    private final String source;
    private final byte[] labels;

    IdxLabels(String source, byte[] labels) {
        this.source = source;
        this.labels = labels;
    }

    /** Where the labels were read from, as error messages name it. */
    public String source() {
        return source;
    }

    /** Number of labels, as the header declares and the file holds. */
    public int count() {
        return labels.length;
    }

    /** The class index of sample {@code i}, 0 to 255. */
    public int label(int i) {
        return Byte.toUnsignedInt(labels[i]);
    }

    /** The class indices as doubles, the way a {@link Dataset} holds multiclass targets. */
    public double[] toDoubles() {
        double[] out = new double[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = label(i);
        }
        return out;
    }

    @Override
    public String toString() {
        return "IdxLabels[" + source + ": " + labels.length + " labels]";
    }
}
