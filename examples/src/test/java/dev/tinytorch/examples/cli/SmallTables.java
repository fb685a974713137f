package dev.tinytorch.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Small synthetic classification tables (100 to 200 rows, as the public tables of issue 13 were), written as CSV
 * with the label in the last column. Each is drawn from its own seeded generator, so a table is the same file on
 * every run; the measurements in {@code docs/training-defaults.md} are on exactly these files.
 */
final class SmallTables {

    private SmallTables() {
    }

    /** Two classes split by a random hyperplane through 5 Gaussian inputs, with Gaussian noise on the side. */
    static Path noisyHyperplane(Path dir) throws IOException {
        Random r = new Random(1);
        int n = 120;
        int d = 5;
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = r.nextGaussian();
        }
        List<String> lines = new ArrayList<>(List.of(header(d)));
        for (int i = 0; i < n; i++) {
            double[] x = new double[d];
            double z = 0;
            for (int j = 0; j < d; j++) {
                x[j] = r.nextGaussian();
                z += w[j] * x[j];
            }
            lines.add(row(x, z + 0.5 * r.nextGaussian() > 0 ? 1 : 0));
        }
        return Files.write(dir.resolve("hyperplane-120.csv"), lines);
    }

    /** Two Gaussian classes of 150 rows differing in 3 of 20 inputs, the other 17 noise. */
    static Path fewInformative(Path dir) throws IOException {
        return blobs(dir.resolve("few-informative-150.csv"), 150, 20, 3, 2, 1.2, 2);
    }

    /** Three Gaussian classes of 150 rows in 4 inputs, overlapping a little. */
    static Path threeBlobs(Path dir) throws IOException {
        return blobs(dir.resolve("three-blobs-150.csv"), 150, 4, 4, 3, 2.0, 3);
    }

    /** Three classes of 180 rows in 13 inputs of scales 0.1 to 100, 4 of them informative, like the wine table. */
    static Path wineLike(Path dir) throws IOException {
        return blobs(dir.resolve("wine-like-180.csv"), 180, 13, 4, 3, 1.6, 4);
    }

    /**
     * Three classes of 150 rows in 4 correlated inputs, like the iris table: one class far from the others, two
     * close ones that a sharp linear boundary separates (which takes many updates to learn).
     */
    static Path irisLike(Path dir) throws IOException {
        Random r = new Random(6);
        double gap = 0.4;
        double noise = 0.3;
        List<String> lines = new ArrayList<>(List.of(header(4)));
        for (int i = 0; i < 150; i++) {
            int k = i % 3;
            double shared = r.nextGaussian();
            double[] x = new double[4];
            x[0] = (k == 0 ? -3 : 1) + 0.8 * shared + noise * r.nextGaussian();
            x[1] = (k == 0 ? 2 : 0) + 0.5 * r.nextGaussian();
            x[2] = (k == 0 ? -4 : k == 1 ? -gap : gap) + 0.8 * shared + noise * r.nextGaussian();
            x[3] = 0.6 * x[2] + (k == 2 ? gap : 0) + noise * r.nextGaussian();
            lines.add(row(x, k));
        }
        return Files.write(dir.resolve("iris-like-150.csv"), lines);
    }

    /**
     * {@code n} rows of {@code classes} Gaussian classes (row {@code i} of class {@code i % classes}) whose means,
     * drawn with standard deviation {@code spread}, differ in the first {@code informative} of {@code d} unit-variance
     * inputs; input {@code j} is then scaled by a random power of ten from 0.1 to 100.
     */
    private static Path blobs(Path file, int n, int d, int informative, int classes, double spread, long seed)
            throws IOException {
        Random r = new Random(seed);
        double[][] means = new double[classes][informative];
        for (double[] mean : means) {
            for (int j = 0; j < informative; j++) {
                mean[j] = spread * r.nextGaussian();
            }
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            scale[j] = Math.pow(10, r.nextInt(4) - 1);
        }
        List<String> lines = new ArrayList<>(List.of(header(d)));
        for (int i = 0; i < n; i++) {
            int k = i % classes;
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = scale[j] * ((j < informative ? means[k][j] : 0) + r.nextGaussian());
            }
            lines.add(row(x, k));
        }
        return Files.write(file, lines);
    }

    private static String header(int d) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < d; j++) {
            sb.append('x').append(j).append(',');
        }
        return sb.append("label").toString();
    }

    private static String row(double[] x, int label) {
        StringBuilder sb = new StringBuilder();
        for (double v : x) {
            sb.append(String.format(Locale.ROOT, "%.5f,", v));
        }
        return sb.append(label).toString();
    }
}
