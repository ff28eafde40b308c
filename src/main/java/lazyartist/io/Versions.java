package lazyartist.io;

import java.util.LinkedHashMap;
import java.util.Map;

/** Versions of the lab and of what it runs on, recorded in every manifest. */
public final class Versions {

    private Versions() {}

    /** The lab's version from the jar manifest, or "dev" when run from classes. */
    public static String lab() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Lab, Java and DJL versions. */
    public static Map<String, String> all() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("lazy-artist", lab());
        out.put("java", System.getProperty("java.version"));
        String djl = ai.djl.engine.Engine.class.getPackage().getImplementationVersion();
        out.put("djl", djl == null ? "unknown" : djl);
        return out;
    }
}
