package dev.tinytorch.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The LeNet-5 program reaches 0.97 accuracy on the 2,000 test digits on every backend (PyTorch with the same
 * recipe: 0.9755 in float64), prints an epoch line per epoch and the confusion matrix, and draws the first
 * misclassified digits into its PNG. The bar holds for the fixed seed only: 8,000 training digits and 5 epochs leave
 * a spread of about half a point between seeds (plain, seeds 1 to 5: 0.9710, 0.9675, 0.9815, 0.9695, 0.9745), as
 * PyTorch's single figure also comes from one seed. All three backends print the same epoch losses and reach 0.9710.
 */
class MnistTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"plain", "ejml", "nd4j"})
    void reachesAtLeast97PercentOnTheTestDigitsAndDrawsTheMisclassifiedOnes(String backend) throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Mnist.Results results = new Mnist(new DemoSetup(Backends.get(backend),
                new PrintStream(printed, true, StandardCharsets.UTF_8), Mnist.SEED), directory).run();

        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(results.confusion().accuracy() >= 0.97, backend + ": " + output);
        assertEquals(Mnist.TEST, results.confusion().total());
        long correct = Math.round(results.confusion().accuracy() * Mnist.TEST);
        assertEquals(Mnist.TEST - correct, results.misclassified().size(), "one index per mistake");
        assertEquals(Mnist.EPOCHS, output.lines().filter(l -> l.startsWith("epoch ")).count(), output);
        assertTrue(output.contains(results.confusion().toString()), output);

        assertEquals(directory.resolve(Mnist.PNG), results.png());
        BufferedImage png = ImageIO.read(results.png().toFile());
        int shown = Math.min(Mnist.DRAWN, results.misclassified().size());
        assertEquals(shown * 28 * 3, png.getWidth(), "one 3x enlarged digit per misclassified one");
        try (var files = Files.list(directory)) {
            assertEquals(1, files.count(), "no temporary file is left beside the PNG");
        }
    }
}
