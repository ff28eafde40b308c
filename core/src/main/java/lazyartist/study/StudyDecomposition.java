package lazyartist.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lazyartist.decompose.Decomposition;
import lazyartist.decompose.Frontier;
import lazyartist.decompose.SaeOptions;
import lazyartist.io.Json;
import lazyartist.task.DecomposeFiles;
import lazyartist.task.DecomposeTask;
import lazyartist.task.Subject;

/** The study's decomposition stages of one model: its sparse autoencoder, then the frontier of its kind. */
final class StudyDecomposition {

    private StudyDecomposition() {}

    /** Runs (or finds up to date) both stages; returns their fingerprints. */
    static List<String> stages(StageRunner stages, DecomposeSettings settings, long seed, Path model, Path data,
            String suffix, String modelFingerprint, boolean quiet, String command) {
        List<String> done = new ArrayList<>();
        SaeOptions sae = settings.options(seed);
        DecomposeTask.Options options = DecomposeTask.Options.DEFAULTS.withSae(sae).quietly(quiet);
        String fingerprint = Ledger.fingerprint(Map.of("model", modelFingerprint, "decompose", sae));
        Path marker = model.resolve(DecomposeTask.FOLDER).resolve(DecomposeFiles.DECOMPOSED);
        done.add(stages.run("decompose" + suffix, "decompose", fingerprint, List.of(marker), () -> {
            try (Subject subject = Subject.open(model, data)) {
                Decomposition.Result r = DecomposeTask.run(subject, options, null, command);
                Json.write(marker, Map.of("stage", r.stage()));
            }
        }));
        Frontier.Sweep sweep = settings.frontier();
        if (sweep != null) {
            String frontierPrint = Ledger.fingerprint(Map.of("model", modelFingerprint, "decompose", sae,
                    "frontier", sweep));
            Path frontierMarker = model.resolve(DecomposeTask.FOLDER).resolve(DecomposeFiles.FRONTIER_DRAWN);
            done.add(stages.run("frontier" + suffix, "decompose", frontierPrint, List.of(frontierMarker), () -> {
                try (Subject subject = Subject.open(model, data)) {
                    DecomposeTask.frontier(subject, options, List.of(sae.kind()), List.of(sweep), null, command);
                    Json.write(frontierMarker, Map.of("kind", sae.kind().key(), "k", sweep.values()));
                }
            }));
        }
        return done;
    }
}
