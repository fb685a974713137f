package dev.tinytorch.examples;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.CsvReader;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.data.Split;
import dev.tinytorch.nn.data.Standardizer;
import dev.tinytorch.nn.data.TrainValidationSplit;
import dev.tinytorch.nn.io.ModelFiles;
import dev.tinytorch.nn.io.SavedModel;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import dev.tinytorch.nn.metrics.Metrics;
import dev.tinytorch.nn.optim.Adam;
import dev.tinytorch.nn.train.Evaluation;
import dev.tinytorch.nn.train.Trainer;
import java.nio.file.Path;
import java.util.List;

/** Trains a binary classifier on a CSV file whose last column is the 0/1 label, then saves it. */
public final class QuickStart {
    public static void main(String[] args) throws Exception {       // args: data.csv model-directory
        MatrixOps ops = Backends.getDefault();                       // plain, or -Dtinytorch.backend=ejml|nd4j
        Dataset data = CsvReader.read(Path.of(args[0])).toDataset(ops);       // a header row, then numbers
        Split<Dataset> split = TrainValidationSplit.withSeed(1).split(data);  // 80/20, seeded
        Standardizer scaler = Standardizer.fit(split.train());                // training statistics only
        Dataset train = scaler.transform(split.train()), val = scaler.transform(split.validation());
        Sequential model = new Sequential(List.of(new Linear(train.features(), 20), new ReLU(),
                new Linear(20, 1), new Sigmoid()), new BinaryCrossEntropy()).to(ops);
        Trainer trainer = new Trainer(model, new Adam(model.parameters(), 0.01),
                new DataLoader(train, 32, true, 1), new DataLoader(val, 256, false, 1), Metrics.accuracy());
        Evaluation last = trainer.train(30, 10);                     // prints an epoch line every 10 epochs
        System.out.println("validation accuracy " + last.metric());
        ModelFiles.save(new SavedModel(model).withStandardizer(scaler), Path.of(args[1]));
    }
}
