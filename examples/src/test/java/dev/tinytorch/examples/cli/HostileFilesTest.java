package dev.tinytorch.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tinytorch.nn.io.ModelFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files no one should pass, passed anyway: devices that never end, directories, bytes that are not UTF-8, a
 * configuration asking for a huge layer, a hundred thousand constant columns. Each gets one short line and exit
 * code 1 (or, for the constant columns, one warning line), never an OutOfMemoryError or a stack trace.
 */
class HostileFilesTest {

    private static final Path ZERO = Path.of("/dev/zero");

    @TempDir
    Path dir;
    private Path data;
    private Path model;

    @BeforeEach
    void trainAGoodModel() throws IOException {
        data = Files.writeString(dir.resolve("good.csv"), "a,b,label\n1,0.5,0\n2,1.5,1\n3,0.4,0\n4,1.6,1\n5,0.3,0\n"
                + "6,1.7,1\n7,0.6,0\n8,1.4,1\n");
        model = dir.resolve("model");
        Cli.run("train", "--data", data, "--hidden", "4", "--epochs", "1", "--out", model).succeeds();
    }

    @Test
    void devZeroAsDataIsALineTooLong() {
        assumeTrue(Files.exists(ZERO), "a platform with /dev/zero");
        String tooLong = ZERO + " line 1: longer than the 1048576 bytes (1 MiB) a line may have";
        Cli.run("train", "--data", ZERO, "--out", dir.resolve("other")).fails(TinyTorch.FAILURE, tooLong);
        Cli.run("predict", "--model", model, "--data", ZERO).fails(TinyTorch.FAILURE, tooLong);
        Cli.run("evaluate", "--model", model, "--data", ZERO).fails(TinyTorch.FAILURE, tooLong);
    }

    @Test
    void devZeroAsAModelFileIsRefusedAtOnce() throws IOException {
        assumeTrue(Files.exists(ZERO), "a platform with /dev/zero");
        Path weights = model.resolve(ModelFiles.WEIGHTS);
        Files.delete(weights);
        Files.createSymbolicLink(weights, ZERO);
        Cli.run("predict", "--model", model, "--data", data).fails(TinyTorch.FAILURE,
                weights + ": not a safetensors file: the header must be a JSON object");
        Path config = model.resolve(ModelFiles.CONFIG);
        Files.delete(config);
        Files.createSymbolicLink(config, ZERO);
        Cli.run("evaluate", "--model", model, "--data", data).fails(TinyTorch.FAILURE,
                config + ": longer than the 33554432 bytes (32 MiB) a config.json may have");
    }

    @Test
    void aDirectoryAsDataIsNamed() {
        String named = dir + ": is a directory, expected a CSV file";
        Cli.run("train", "--data", dir, "--out", dir.resolve("other")).fails(TinyTorch.FAILURE, named);
        Cli.run("predict", "--model", model, "--data", dir).fails(TinyTorch.FAILURE, named);
        Cli.run("evaluate", "--model", model, "--data", dir).fails(TinyTorch.FAILURE, named);
    }

    @Test
    void bytesThatAreNotUtf8GetTheSameMessageFromEveryCommand() throws IOException {
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length - 3] = (byte) 0xC3;  // the last comma starts a two-byte sequence never finished
        Path latin = Files.write(dir.resolve("latin.csv"), bytes);
        String message = latin + " line 9: not valid UTF-8 (byte 0xC3 at byte 6 of the line); save the file as UTF-8";
        for (List<Object> command : List.of(List.<Object>of("train", "--out", dir.resolve("other")),
                List.<Object>of("predict", "--model", model), List.<Object>of("evaluate", "--model", model))) {
            List<Object> args = new ArrayList<>(command);
            args.addAll(List.of("--data", latin));
            Cli run = Cli.run(args.toArray());
            assertEquals(TinyTorch.FAILURE, run.exit(), run.err());
            assertEquals("tinytorch " + command.get(0) + ": " + message, run.err().strip());
        }
    }

    @Test
    void aHugeLayerInTheConfigurationIsRefusedBeforeAnythingIsAllocated() throws IOException {
        Path config = model.resolve(ModelFiles.CONFIG);
        String text = Files.readString(config);
        Files.writeString(config, text.replace("\"in_features\" : 2", "\"in_features\" : 46000")
                .replace("\"out_features\" : 4", "\"out_features\" : 46000"));
        Cli.run("predict", "--model", model, "--data", data).fails(TinyTorch.FAILURE,
                model.resolve(ModelFiles.WEIGHTS) + ": tensor \"0.weight\" has shape [4, 2] but layer 0 (Linear"
                        + " {in_features=46000, out_features=46000}) needs [46000, 46000]");
    }

    @Test
    void aValueOfAMegabyteIsQuotedInAHundredCharacters() throws IOException {
        Path wide = Files.writeString(dir.resolve("wide.csv"), "a,b,label\n1,2,0\n3," + "9x".repeat(200_000)
                + ",1\n");
        Cli run = Cli.run("train", "--data", wide, "--out", dir.resolve("other")).fails(TinyTorch.FAILURE,
                wide + " line 3, column 2 (b): '" + "9x".repeat(50) + "... (400000 characters)' is not a number");
        assertTrue(run.err().length() < 300, run.err());
    }

    @Test
    void aHundredThousandConstantColumnsMakeOneWarning() throws IOException {
        int columns = 100_000;
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            csv.append('c').append(c).append(',');
        }
        csv.append("label\n");
        for (int row = 0; row < 6; row++) {
            csv.append("0,".repeat(columns)).append(row % 2).append('\n');
        }
        Path constant = Files.writeString(dir.resolve("constant.csv"), csv, StandardCharsets.UTF_8);

        Cli run = Cli.run("train", "--data", constant, "--hidden", "none", "--epochs", "1", "--out",
                dir.resolve("other")).succeeds();

        assertEquals("tinytorch train: warning: 100,000 columns have the same value in every row and cannot help the"
                + " model: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, ... (first 10)", run.err().strip());
    }
}
