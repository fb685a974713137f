package dev.tinytorch.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tinytorch} on images: a small convolutional network from a {@code --layers} recipe trained on IDX files,
 * evaluated and used to predict; and each kind of bad recipe, which is one line and exit code 2.
 */
class ImageFilesTest {

    private static final int SIZE = 8;
    private static final int COUNT = 200;
    private static final String CONV_NET = """
            [{"type": "Conv2d", "args": {"in_channels": 1, "out_channels": 4, "kernel_size": [3, 3],
                                         "stride": [1, 1], "padding": [1, 1]}},
             {"type": "ReLU", "args": {}},
             {"type": "MaxPool2d", "args": {"kernel_size": [2, 2], "stride": [2, 2]}},
             {"type": "Flatten", "args": {"start_dim": 1, "end_dim": -1}},
             {"type": "Linear", "args": {"in_features": 64, "out_features": 3}}]
            """;

    @TempDir
    Path dir;

    private Path images;
    private Path labels;

    /** 200 noisy 8x8 images of three classes: a bright square in the top-left, top-right or bottom half. */
    @BeforeEach
    void writeImages() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        byte[] pixels = new byte[COUNT * SIZE * SIZE];
        byte[] classes = new byte[COUNT];
        for (int i = 0; i < COUNT; i++) {
            int label = i % 3;
            classes[i] = (byte) label;
            for (int r = 0; r < SIZE; r++) {
                for (int c = 0; c < SIZE; c++) {
                    boolean lit = label == 0 ? r < 4 && c < 4 : label == 1 ? r < 4 && c >= 4 : r >= 4;
                    pixels[(i * SIZE + r) * SIZE + c] = (byte) ((lit ? 150 : 0) + random.nextInt(100));
                }
            }
        }
        images = dir.resolve("images.idx.gz");
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(images)))) {
            out.writeInt(0x00000803);
            out.writeInt(COUNT);
            out.writeInt(SIZE);
            out.writeInt(SIZE);
            out.write(pixels);
        }
        labels = dir.resolve("labels.idx");
        try (OutputStream file = Files.newOutputStream(labels); DataOutputStream out = new DataOutputStream(file)) {
            out.writeInt(0x00000801);
            out.writeInt(COUNT);
            out.write(classes);
        }
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private Cli train(Path layers, String... more) {
        Object[] base = {"train", "--data", images, "--labels", labels, "--layers", layers, "--epochs", 5,
                "--optimizer", "momentum", "--lr", 0.05, "--out", dir.resolve("model"), "--progress", "never"};
        Object[] args = new Object[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return Cli.run(args);
    }

    private static double accuracy(String report) {
        Matcher m = Pattern.compile("accuracy[ :=]+([0-9.]+)").matcher(report);
        assertTrue(m.find(), "no accuracy in: " + report);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aConvNetFromARecipeTrainsOnIdxFilesAndEvaluatesAndPredicts() throws IOException {
        Cli trained = train(file("conv.json", CONV_NET)).succeeds();
        assertTrue(trained.out().contains("200 images of 1x8x8"), trained.out());
        assertTrue(trained.out().contains("Conv2d"), trained.out());
        assertTrue(accuracy(trained.out()) >= 0.9, trained.out());

        Cli evaluated = Cli.run("evaluate", "--model", dir.resolve("model"), "--data", images, "--labels", labels)
                .succeeds();
        assertTrue(accuracy(evaluated.out()) >= 0.9, evaluated.out());

        Cli predicted = Cli.run("predict", "--model", dir.resolve("model"), "--data", images).succeeds();
        List<String> lines = predicted.out().lines().toList();
        assertEquals("line,prediction,p_0,p_1,p_2,error", lines.get(0));
        assertEquals(COUNT + 1, lines.size());
        long right = 0;
        for (int i = 1; i <= COUNT; i++) {
            String[] fields = lines.get(i).split(",", -1);
            assertEquals(String.valueOf(i), fields[0]);
            right += fields[1].equals(String.valueOf((i - 1) % 3)) ? 1 : 0;
        }
        assertTrue(right >= 0.9 * COUNT, right + " of " + COUNT + " right");
    }

    @Test
    void aSavedConfigIsARecipeToo() throws IOException {
        train(file("conv.json", CONV_NET)).succeeds();
        Path config = dir.resolve("model").resolve("config.json");
        Cli again = Cli.run("train", "--data", images, "--labels", labels, "--layers", config, "--epochs", 1,
                "--out", dir.resolve("again"), "--progress", "never").succeeds();
        assertTrue(again.out().contains("Conv2d"), again.out());
    }

    @Test
    void anUnknownLayerListsTheKnownOnes() throws IOException {
        Path bad = file("bad.json", "[{\"type\": \"Conv3d\", \"args\": {}}]");
        train(bad).fails(TinyTorch.USAGE, bad.toString(), "[0].type \"Conv3d\" is not a layer type", "Conv2d",
                "MaxPool2d", "Linear");
    }

    @Test
    void wrongArgumentsAreNamed() throws IOException {
        Path missing = file("missing.json", "[{\"type\": \"Linear\", \"args\": {\"in_features\": 64}}]");
        train(missing).fails(TinyTorch.USAGE, missing.toString(), "out_features");
        Path extra = file("extra.json", "[{\"type\": \"ReLU\", \"args\": {\"inplace\": true}}]");
        train(extra).fails(TinyTorch.USAGE, extra.toString(), "inplace", "ReLU does not take");
    }

    @Test
    void shapesThatDoNotChainNameBothShapes() throws IOException {
        Path bad = file("chain.json", CONV_NET.replace("\"in_features\": 64", "\"in_features\": 50"));
        train(bad).fails(TinyTorch.USAGE, bad.toString(), "do not chain", "50", "64");
        Path outputs = file("outputs.json", CONV_NET.replace("\"out_features\": 3", "\"out_features\": 4"));
        train(outputs).fails(TinyTorch.USAGE, outputs.toString(), "gives 4 outputs", "needs 3");
    }

    @Test
    void notJsonIsOneLine() throws IOException {
        Path bad = file("broken.json", "[{\"type\": ");
        train(bad).fails(TinyTorch.USAGE, bad.toString());
    }

    @Test
    void aBadInputShapeIsUsage() throws IOException {
        train(file("conv.json", CONV_NET), "--input-shape", "1,8").fails(TinyTorch.USAGE, "--input-shape");
        train(file("conv2.json", CONV_NET), "--input-shape", "2,8,8").fails(TinyTorch.USAGE, "--input-shape 2x8x8");
    }

    @Test
    void optionsThatLayersOverrideAreRefusedNotIgnored() throws IOException {
        Path conv = file("conv.json", CONV_NET);
        train(conv, "--hidden", "16").fails(TinyTorch.USAGE, "--hidden cannot be given with --layers " + conv);
        train(conv, "--activation", "tanh", "--hidden", "8")
                .fails(TinyTorch.USAGE, "--hidden and --activation cannot be given with --layers");
        train(conv, "--activation", "relu").fails(TinyTorch.USAGE, "--activation cannot be given with --layers");
    }

    /** The images as CSV: a header {@code pixel0,...,label}, then one row of pixels in [0, 1] and the label each. */
    private String imagesAsCsv() throws IOException {
        ImageData read = ImageData.read(images, labels);
        StringBuilder csv = new StringBuilder(String.join(",", read.featureNames())).append(",label\n");
        double[][] pixels = read.pixels();
        for (int i = 0; i < pixels.length; i++) {
            for (double p : pixels[i]) {
                csv.append(p).append(',');
            }
            csv.append((int) read.labels()[i]).append('\n');
        }
        return csv.toString();
    }

    /** Each line of {@code predictions} after its first field (images count from 1, CSV lines after the header). */
    private static List<String> withoutLineNumbers(String predictions) {
        return predictions.lines().map(line -> line.substring(line.indexOf(','))).toList();
    }

    @Test
    void idxIsToldFromCsvByItsContentNotItsName() throws IOException {
        Path bin = Files.copy(images, dir.resolve("digits.bin"));
        Path labelsBin = Files.copy(labels, dir.resolve("labels.dat"));
        Cli.run("train", "--data", bin, "--labels", labelsBin, "--layers", file("conv.json", CONV_NET),
                "--epochs", 2, "--out", dir.resolve("model"), "--progress", "never").succeeds();
        Cli.run("evaluate", "--model", dir.resolve("model"), "--data", bin, "--labels", labelsBin).succeeds();
        String fromIdx = Cli.run("predict", "--model", dir.resolve("model"), "--data", bin).succeeds().out();
        assertEquals(COUNT + 1, fromIdx.lines().count(), fromIdx);

        Path csv = file("pixels.idx", imagesAsCsv());
        String fromCsv = Cli.run("predict", "--model", dir.resolve("model"), "--data", csv).succeeds().out();
        assertEquals(withoutLineNumbers(fromIdx), withoutLineNumbers(fromCsv));
        Cli evaluated = Cli.run("evaluate", "--model", dir.resolve("model"), "--data", csv).succeeds();
        assertTrue(evaluated.out().contains(COUNT + " rows"), evaluated.out());
    }

    @Test
    void idxWithoutLabelsOrLabelsWithoutIdxIsOneLine() throws IOException {
        Path bin = Files.copy(images, dir.resolve("digits.bin"));
        Cli.run("train", "--data", bin, "--out", dir.resolve("model"))
                .fails(TinyTorch.USAGE, "--data " + bin + " holds IDX images", "--labels");
        Path csv = file("pixels.idx", imagesAsCsv());
        Cli.run("train", "--data", csv, "--labels", labels, "--out", dir.resolve("model"))
                .fails(TinyTorch.FAILURE, csv + ": not IDX images");
        train(file("conv.json", CONV_NET)).succeeds();
        Cli.run("evaluate", "--model", dir.resolve("model"), "--data", bin)
                .fails(TinyTorch.USAGE, "holds IDX images", "--labels");
        Cli.run("evaluate", "--model", dir.resolve("model"), "--data", csv, "--labels", labels)
                .fails(TinyTorch.FAILURE, "not IDX images");
        Cli.run("evaluate", "--model", dir.resolve("model"), "--data", dir, "--labels", labels)
                .fails(TinyTorch.FAILURE, dir + ": is a directory");
        Path gzCsv = dir.resolve("rows.idx.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzCsv))) {
            out.write("pixel0\n1\n".getBytes(StandardCharsets.UTF_8));
        }
        Cli.run("predict", "--model", dir.resolve("model"), "--data", gzCsv).fails(TinyTorch.FAILURE, gzCsv.toString());
    }
}
