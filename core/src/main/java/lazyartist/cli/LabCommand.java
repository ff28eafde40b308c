package lazyartist.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import lazyartist.data.Mode;
import lazyartist.lab.Lab;
import lazyartist.lab.LabServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lazy-artist lab}: the study's models in a local web page. */
@Command(name = "lab", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Serve the lab page over a study's models: pick or draw a digit, paint it, watch every model",
            "read it, see where one looks, fool it, dream, switch its features off. Stop with Ctrl-C."})
final class LabCommand implements Callable<Integer> {

    @Option(names = "--run", defaultValue = "runs/study", description = "Study folder (from `lazy-artist study`).")
    Path run;

    @Option(names = "--mode", description = "background or foreground, when the study has both (default: the first).")
    Mode mode;

    @Option(names = "--port", defaultValue = "8765", description = "Port to listen on (0: any free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = {"Address to bind; the default lets only this machine in. Any other needs the token",
                "printed at start."})
    String host;

    @Override
    public Integer call() throws InterruptedException {
        LabServer.checkPort(port);
        Lab lab = Lab.open(run, mode);
        LabServer server = LabServer.start(lab, host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            lab.close();
            stopped.countDown();
        }));
        System.out.printf("lab: %d models (%s digits) at %s — Ctrl-C stops it%n", lab.models().size(),
                lab.mode().key(), server.entrance());
        stopped.await();
        return 0;
    }
}
