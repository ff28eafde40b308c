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
        // Read from DJL's own properties: its jar manifest carries no implementation version.
        out.put("djl", ai.djl.engine.Engine.getDjlVersion());
        return out;
    }
}
