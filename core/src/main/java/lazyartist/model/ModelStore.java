package lazyartist.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import lazyartist.LabException;
import lazyartist.io.AtomicFiles;
import lazyartist.io.Json;
import lazyartist.io.Versions;

/**
 * Model folders: {@code model.json} (the card), {@code model.params} (DJL parameters) and
 * {@code model.safetensors} (a PyTorch state_dict). The card is written last, so a folder with a
 * card is complete.
 */
public final class ModelStore {

    public static final String CARD = "model.json";
    public static final String PARAMS = "model.params";
    public static final String SAFETENSORS = "model.safetensors";

    /** A model read back from its folder. */
    public record Loaded(ModelCard card, TappedNetwork net) {}

    private ModelStore() {}

    /** A fresh network of an architecture, initialised for 3×28×28 input. */
    public static TappedNetwork initialised(Architecture architecture, NDManager manager) {
        EngineCheck.convolutionGradients();
        TappedNetwork net = architecture.build();
        net.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(TappedNetwork.INPUT));
        return net;
    }

    /** Writes parameters, the PyTorch export and then the card. */
    public static void save(Path dir, TappedNetwork net, ModelCard card) {
        writeParams(dir.resolve(PARAMS), net);
        export(dir, net, card);
        Json.write(dir.resolve(CARD), card);
    }

    /** Writes DJL parameters atomically. */
    public static void writeParams(Path file, TappedNetwork net) {
        AtomicFiles.write(file, out -> net.saveParameters(new DataOutputStream(out)));
    }

    /** Writes {@code model.safetensors} with the card's provenance as metadata. */
    public static void export(Path dir, TappedNetwork net, ModelCard card) {
        Safetensors.write(dir.resolve(SAFETENSORS), TorchStateDict.of(net, card.trainedBatches()),
                Map.of("format", "pt", "architecture", card.architecture(), "name", card.name(),
                        "lazy-artist", Versions.lab()));
    }

    /** Reads a model folder, with a clear error for anything that does not fit. */
    public static Loaded load(Path dir, NDManager manager) {
        Path cardFile = dir.resolve(CARD);
        if (!Files.isRegularFile(cardFile)) {
            throw new LabException("no model in " + dir + " (no " + CARD + "): train one first (lazy-artist train)");
        }
        EngineCheck.convolutionGradients();
        ModelCard card = Json.read(cardFile, ModelCard.class);
        Architecture architecture = Architecture.of(card.architecture());
        if (!architecture.layers().equals(card.layers())) {
            throw new LabException(cardFile + " describes layers that architecture '" + card.architecture()
                    + "' does not have: the model was made by another version or its card was edited");
        }
        if (!Arrays.equals(card.inputShape(), TappedNetwork.INPUT.getShape())) {
            throw new LabException("the model in " + dir + " takes " + Arrays.toString(card.inputShape())
                    + " images, this lab feeds " + TappedNetwork.INPUT + "; retrain it on Colored-MNIST");
        }
        TappedNetwork net = initialised(architecture, manager);
        readParams(dir.resolve(PARAMS), net, manager);
        return new Loaded(card, net);
    }

    /** Loads DJL parameters into a network of the right architecture. */
    public static void readParams(Path file, TappedNetwork net, NDManager manager) {
        if (!Files.isRegularFile(file)) {
            throw new LabException("missing parameter file " + file + ": train the model again");
        }
        var expected = net.getParameters().stream().map(p -> p.getValue().getArray().getShape()).toList();
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            net.loadParameters(manager, in);
            if (in.read() != -1) {
                throw new LabException(file + " holds more than this architecture's parameters: it belongs to"
                        + " another architecture");
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            if (e instanceof LabException le) {
                throw le;
            }
            // An EOFException has no message: its class says what happened.
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new LabException(file + " is truncated or belongs to another architecture (" + why
                    + "): train the model again");
        }
        var actual = net.getParameters().stream().map(p -> p.getValue().getArray().getShape()).toList();
        if (!actual.equals(expected)) {
            throw new LabException(file + " holds parameters of other shapes: it belongs to another architecture");
        }
        // Loaded arrays start detached from autograd; training and gradient methods need them attached.
        for (var p : net.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
    }
}
