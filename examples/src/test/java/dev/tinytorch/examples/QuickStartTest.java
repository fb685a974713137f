package dev.tinytorch.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.data.CsvReader;
import dev.tinytorch.nn.data.CsvTable;
import dev.tinytorch.nn.io.ModelFiles;
import dev.tinytorch.nn.io.SavedModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "ten lines of Java" stay true: the README shows {@link QuickStart}'s source as it is (without its
 * package line), which the build compiles, and the program runs on a CSV file, reaches the tutorial's accuracy and
 * saves a model that loads.
 */
class QuickStartTest {

    private static final Path SOURCE = Path.of("src/main/java/dev/tinytorch/examples/QuickStart.java");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theReadmeShowsTheProgramAsItIs() throws IOException {
        String source = Files.readString(SOURCE);
        String withoutPackage = source.substring(source.indexOf("\n\n") + 2);
        List<String> blocks = javaBlocks(Files.readString(Path.of("..", "README.md")));
        List<String> shown = blocks.stream().filter(b -> b.contains("class QuickStart")).toList();

        assertEquals(1, shown.size(), "README blocks showing QuickStart");
        assertEquals(withoutPackage, shown.get(0), "the README's QuickStart differs from " + SOURCE);
    }

    @Test
    void trainsOnACsvFileAndSavesAModelThatLoads() throws Exception {
        Path data = dir.resolve("data.csv");
        try (InputStream in = getClass().getResourceAsStream("data/breast_cancer.csv")) {
            Files.copy(in, data);
        }
        Path model = dir.resolve("model");

        String printed = runMain(data, model);

        Matcher accuracy = Pattern.compile("(?m)^validation accuracy (\\S+)$").matcher(printed);
        assertTrue(accuracy.find(), printed);
        assertTrue(Double.parseDouble(accuracy.group(1)) >= 0.95, printed);
        assertEquals(4, printed.lines().filter(l -> l.startsWith("epoch=")).count(), printed);

        MatrixOps ops = Backends.getDefault();
        SavedModel saved = ModelFiles.load(model, ops);
        assertTrue(saved.standardizer().isPresent(), "the standardizer is saved with the network");
        CsvTable table = CsvReader.read(data);
        Matrix probabilities = saved.predict(ops.fromArray(table.features("target")));
        double[] labels = table.labels("target");
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += (ops.get(probabilities, i, 0) >= 0.5 ? 1 : 0) == labels[i] ? 1 : 0;
        }
        assertTrue(correct >= 0.95 * labels.length, correct + " of " + labels.length + " right on the whole table");
    }

    private static String runMain(Path data, Path model) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[] {data.toString(), model.toString()});
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static List<String> javaBlocks(String markdown) {
        return JAVA_BLOCK.matcher(markdown).results().map(m -> m.group(1)).toList();
    }
}
