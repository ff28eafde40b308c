package lazyartist.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The TorchScript functions shipped beside this class (each with the Python script that writes it). */
final class TorchScript {

    private TorchScript() {}

    /** Loads a scripted module from this package's resources; its manager lives as long as the process. */
    static PtSymbolBlock load(String resource) {
        try (InputStream in = TorchScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            PtNDManager manager = (PtNDManager) NDManager.newBaseManager(Device.cpu(), "PyTorch");
            return JniUtils.loadModule(manager, in, false, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
