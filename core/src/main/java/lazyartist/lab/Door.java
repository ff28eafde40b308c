package lazyartist.lab;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Who may talk to the lab. A web page the user visits can make the browser send requests to the
 * lab (DNS rebinding: a name of the attacker's that resolves to 127.0.0.1), so a request must name
 * the lab itself in {@code Host}, carry no foreign {@code Origin} and, when the lab listens beyond
 * this machine, the token printed at start (as {@code ?token=} once, then as the cookie the lab sets).
 */
final class Door {

    static final String COOKIE = "lab_token";
    private static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "[::1]");

    /** The Host values accepted (lower case); null accepts any (a wildcard address, guarded by the token). */
    private final Set<String> hosts;
    /** Null when the lab listens on loopback only. */
    private final String token;

    private Door(Set<String> hosts, String token) {
        this.hosts = hosts;
        this.token = token;
    }

    /** The door of a lab listening on {@code address}, asked for as {@code host}. */
    static Door of(String host, InetSocketAddress address) {
        int port = address.getPort();
        boolean loopback = address.getAddress().isLoopbackAddress();
        if (loopback) {
            Set<String> names = Stream.concat(LOOPBACK_NAMES.stream(), Stream.of(host, address.getHostString()))
                    .map(n -> hostPort(n, port)).collect(Collectors.toSet());
            return new Door(names, null);
        }
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        Set<String> names = address.getAddress().isAnyLocalAddress() ? null
                : Stream.of(host, address.getHostString()).map(n -> hostPort(n, port)).collect(Collectors.toSet());
        return new Door(names, HexFormat.of().formatHex(secret));
    }

    private static String hostPort(String name, int port) {
        String bracketed = name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
        return (bracketed + ":" + port).toLowerCase(Locale.ROOT);
    }

    /** The token a client must present, or null when none is needed. */
    String token() {
        return token;
    }

    /**
     * Why a request may not enter (a one-line message), or null when it may.
     *
     * @param host the request's Host header
     * @param origin its Origin header, or null
     * @param presented the token from its query, or null
     * @param cookies its Cookie header, or null
     */
    String refusal(String host, String origin, String presented, String cookies) {
        String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        if (hosts != null && !hosts.contains(h)) {
            return "this lab answers only requests addressed to it, not to Host '" + h + "'";
        }
        if (origin != null && !origin.strip().equalsIgnoreCase("http://" + h)) {
            return "cross-origin requests are refused (Origin '" + origin.strip() + "')";
        }
        if (token != null && !token.equals(presented) && !token.equals(cookie(cookies))) {
            return "this lab needs the token it printed at start: open the address it printed, with ?token=";
        }
        return null;
    }

    /** The Set-Cookie value that lets a browser that presented the token in the address in afterwards. */
    String cookieFor(String presented) {
        return token != null && token.equals(presented)
                ? COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" : null;
    }

    private static String cookie(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.strip();
            if (p.startsWith(COOKIE + "=")) {
                return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }
}
