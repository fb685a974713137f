package dev.tinytorch.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.nn.io.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small broken files written by the test: every one fails with exit code 1 and a line saying what to fix. */
class BadFilesTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private Cli train(Path data) {
        return Cli.run("train", "--data", data, "--epochs", "2", "--out", dir.resolve("model"));
    }

    /** Eight rows of two features and a binary target that the second feature separates. */
    private static final String GOOD = "a,b,label\n1,0.5,0\n2,1.5,1\n3,0.4,0\n4,1.6,1\n5,0.3,0\n6,1.7,1\n7,0.6,0\n"
            + "8,1.4,1\n";

    @Test
    void anEmptyFile() throws IOException {
        Path data = file("empty.csv", "");
        train(data).fails(TinyTorch.FAILURE, "tinytorch train: " + data + ": empty file, expected a header row");
    }

    @Test
    void aHeaderWithoutRows() throws IOException {
        Path data = file("header.csv", "a,b,label\n");
        train(data).fails(TinyTorch.FAILURE, data + ": no data rows after the header on line 1");
    }

    @Test
    void raggedRows() throws IOException {
        Path data = file("ragged.csv", "a,b,label\n1,2,0\n3,4\n");
        train(data).fails(TinyTorch.FAILURE, data + " line 3: 2 values but the header has 3 columns; column 3 (label)"
                + " is missing");
        Path extra = file("extra.csv", "a,b,label\n1,2,0,9\n");
        train(extra).fails(TinyTorch.FAILURE, extra + " line 2: 4 values", "extra value '9'");
    }

    @Test
    void aTextValueInANumericColumn() throws IOException {
        Path data = file("text.csv", "a,b,label\n1,2,0\n3,four,1\n");
        train(data).fails(TinyTorch.FAILURE, data + " line 3, column 2 (b): 'four' is not a number");
    }

    @Test
    void aTargetWithOneClass() throws IOException {
        Path data = file("one-class.csv", "a,b,label\n1,2,1\n3,4,1\n5,6,1\n");
        train(data).fails(TinyTorch.FAILURE, "the target column 'label' has the same value (1) in all 3 rows: there"
                + " is nothing to learn; pick another column with --target");
        assertTrue(Files.notExists(dir.resolve("model")), "nothing is written");
    }

    @Test
    void aConstantColumnIsAWarningNotAFailure() throws IOException {
        Path data = file("constant.csv", GOOD.replace("a,b,label\n", "a,b,c,label\n").replaceAll(",(\\d)\n", ",7,$1\n"));
        Cli run = train(data).succeeds();
        assertEquals("tinytorch train: warning: column 'c' has the same value (7) in every row; it cannot help the"
                + " model", run.err().strip());
        assertTrue(Files.isRegularFile(dir.resolve("model").resolve(ModelFiles.WEIGHTS)));
    }

    @Test
    void tooFewRowsToSplit() throws IOException {
        Path data = file("two.csv", "a,label\n1,0\n2,1\n");
        train(data).fails(TinyTorch.FAILURE, "holding out 0.2 of 2 rows gives 0 validation and 2 training rows; both"
                + " need at least one");
    }

    @Test
    void aMissingFileOrColumn() throws IOException {
        Path missing = dir.resolve("missing.csv");
        train(missing).fails(TinyTorch.FAILURE, missing + ": no such file or directory");
        Path data = file("good.csv", GOOD);
        Cli.run("train", "--data", data, "--target", "price", "--out", dir.resolve("m"))
                .fails(TinyTorch.FAILURE, data + ": no column named 'price'; the columns are [a, b, label]");
        Path onlyTarget = file("only.csv", "label\n0\n1\n");
        train(onlyTarget).fails(TinyTorch.FAILURE, "the only column is the target 'label'");
    }

    @Test
    void anOutputPathThatIsAFile() throws IOException {
        Path data = file("good.csv", GOOD);
        Path taken = file("taken", "");
        Cli.run("train", "--data", data, "--out", taken).fails(TinyTorch.FAILURE, taken + ": exists and is not a"
                + " directory");
    }

    @Test
    void evaluateAndPredictNeedAReadableModelAndItsColumns() throws IOException {
        Path data = file("good.csv", GOOD);
        Path model = dir.resolve("model");
        train(data).succeeds();

        Cli.run("evaluate", "--model", dir.resolve("nope"), "--data", data).fails(TinyTorch.FAILURE,
                dir.resolve("nope") + ": no such directory");
        Files.writeString(model.resolve(ModelFiles.CONFIG),
                Files.readString(model.resolve(ModelFiles.CONFIG)).replace("\"format_version\" : 1", "\"format_version\" : 9"));
        Cli.run("predict", "--model", model, "--data", data).fails(TinyTorch.FAILURE,
                model.resolve(ModelFiles.CONFIG) + ": format_version 9 is not supported");
        train(data).succeeds();

        Path noB = file("no-b.csv", "a,label\n1,0\n");
        Cli.run("evaluate", "--model", model, "--data", noB).fails(TinyTorch.FAILURE,
                noB + ": no column 'b', which the model was trained on; it needs [a, b]");
        Cli.run("predict", "--model", model, "--data", noB).fails(TinyTorch.FAILURE, noB + ": no column 'b'");
        Path noLabel = file("no-label.csv", "b,a\n1,0\n");
        Cli.run("evaluate", "--model", model, "--data", noLabel).fails(TinyTorch.FAILURE,
                noLabel + ": no target column 'label'");
        Path newClass = file("new-class.csv", "a,b,label\n1,2,0\n3,4,2\n");
        Cli.run("evaluate", "--model", model, "--data", newClass).fails(TinyTorch.FAILURE,
                newClass + ": data row 2 has label = 2, which is not a class the model knows (0, 1)");
    }

    @Test
    void predictReportsEveryBadLineAndStillPredictsTheOthers() throws IOException {
        Path model = dir.resolve("model");
        train(file("good.csv", GOOD)).succeeds();
        Path data = file("mixed.csv", "b,a\n0.5,1\n\n,2\n1.5,x\n1.6\n1.7,8\n");
        Cli run = Cli.run("predict", "--model", model, "--data", data);

        assertEquals(TinyTorch.FAILURE, run.exit());
        List<String> out = run.out().lines().toList();
        assertEquals(6, out.size(), run.out());
        assertEquals("line,prediction,p_0,p_1,error", out.get(0));
        assertTrue(out.get(1).matches("2,[01],[0-9.E-]+,[0-9.E-]+,"), out.get(1));
        assertEquals("4,,,,\"" + data + " line 4, column 1 (b): empty value\"", out.get(2));
        assertEquals("5,,,,\"" + data + " line 5, column 2 (a): 'x' is not a number\"", out.get(3));
        assertEquals("6,,,,\"" + data + " line 6: 1 values but the header has 2 columns\"", out.get(4));
        assertTrue(out.get(5).matches("7,[01],[0-9.E-]+,[0-9.E-]+,"), out.get(5));
        assertEquals(List.of(data + " line 4, column 1 (b): empty value",
                data + " line 5, column 2 (a): 'x' is not a number",
                data + " line 6: 1 values but the header has 2 columns",
                "tinytorch predict: 3 of 5 lines of " + data + " could not be predicted (reported above; their"
                        + " prediction is empty in the output)"), run.err().lines().toList());
    }

    @Test
    void predictOnAnEmptyOrHeaderOnlyFile() throws IOException {
        Path model = dir.resolve("model");
        train(file("good.csv", GOOD)).succeeds();
        Path empty = file("empty.csv", "\n\n");
        Cli.run("predict", "--model", model, "--data", empty).fails(TinyTorch.FAILURE, empty + ": empty file");
        Path header = file("header.csv", "a,b\n");
        Cli.run("predict", "--model", model, "--data", header).fails(TinyTorch.FAILURE, header + ": no data rows");
    }

    @Test
    void backendsListsEachAndTheDefault() {
        String out = Cli.run("backends").succeeds().out();
        for (String name : List.of("plain", "ejml", "nd4j")) {
            assertTrue(out.contains("  " + name), out);
        }
        assertTrue(out.lines().anyMatch(l -> l.startsWith("default: ")), out);
    }
}
