package io.wagateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The bearer token of {@code /api/**} ({@code API_TOKEN}), also the operators' password. When none is
 * configured, a random one is generated at first start, stored owner-only in the file {@value #FILE_NAME}
 * beside the embedded database's data directory (the parent of {@code EMBEDDED_DB_DIR}) and printed in
 * the log that one time; later starts read it back silently.
 */
@Component
public class ApiToken {

    public static final String FILE_NAME = "api-token";
    private static final Logger LOG = LoggerFactory.getLogger(ApiToken.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] digest;

    @Autowired
    public ApiToken(@Value("${gateway.api.token:}") String configured,
                    @Value("${gateway.embedded-db.dir}") String embeddedDbDir) {
        this(configured, fileBeside(Path.of(embeddedDbDir)));
    }

    ApiToken(String configured, Path file) {
        String token = configured == null ? "" : configured.strip();
        this.digest = sha256(token.isEmpty() ? storedOrGenerated(file) : token);
    }

    /** The token file for a data directory: {@code ./data/postgres} gives {@code ./data/api-token}. */
    static Path fileBeside(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path parent = dir.getParent();
        return (parent == null ? dir : parent).resolve(FILE_NAME);
    }

    /** Whether a presented token is this one, in time that does not depend on where they differ. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(sha256(presented), digest);
    }

    /**
     * A key of its own for one purpose ({@code HMAC-SHA256} of the purpose, keyed with the token's digest): what
     * signs with it cannot be turned back into the token, and a new token makes every such signature invalid.
     */
    public byte[] derivedKey(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(digest, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String storedOrGenerated(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!stored.isEmpty()) {
                    keepPrivate(file);
                    LOG.info("API token read from {}", file);
                    return stored;
                }
                LOG.warn("{} is empty: generating a new API token", file);
            }
            String token = generate();
            write(file, token);
            LOG.info("Generated API token {} stored in {} (it is not printed again; set API_TOKEN to choose one)",
                    token, file);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or store the API token in " + file
                    + "; set API_TOKEN or make the folder writable", e);
        }
    }

    private static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Written to a private temporary file first, then moved in place: never visible half-written or to others. */
    private static void write(Path file, String token) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(FILE_NAME + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        try {
            if (posix(dir)) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(tmp);
                ownerOnly(tmp);
            }
            Files.writeString(tmp, token + System.lineSeparator(), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A token file that others can read (copied, restored from a backup...) is made owner-only again. */
    private static void keepPrivate(Path file) {
        try {
            if (posix(file)) {
                Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(file));
                if (!permissions.removeIf(p -> !p.name().startsWith("OWNER_"))) {
                    return;
                }
                Files.setPosixFilePermissions(file, permissions);
                LOG.warn("{} was accessible to others: permissions reset to owner-only", file);
            }
        } catch (IOException | SecurityException e) {
            LOG.warn("Cannot make {} owner-only: {}", file, e.getMessage());
        }
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }

    /** Best effort where the file system has no POSIX permissions. */
    private static void ownerOnly(Path file) {
        var f = file.toFile();
        boolean ok = f.setReadable(false, false) & f.setReadable(true, true)
                & f.setWritable(false, false) & f.setWritable(true, true);
        if (!ok) {
            LOG.warn("Cannot restrict the permissions of {}", file);
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ApiToken[****]";
    }
}
