package io.fieldline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** The RSA 2048 key pair that signs identity tokens, kept as PEM files (X.509 public key, PKCS#8 private key). */
public final class IdentityKeys {

    /** File name of the public key in the key directory. */
    public static final String PUBLIC_FILE = "identity-public.pem";
    /** File name of the private key in the key directory (mode 600). */
    public static final String PRIVATE_FILE = "identity-private.pem";

    private static IdentityKeys forTests;

    private final Path publicKeyPem;
    private final Path privateKeyPem;
    private final PublicKey publicKey;
    private final PrivateKey privateKey;

    private IdentityKeys(Path publicKeyPem, Path privateKeyPem, PublicKey publicKey, PrivateKey privateKey) {
        this.publicKeyPem = publicKeyPem;
        this.privateKeyPem = privateKeyPem;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** Loads the pair from {@code dir}, generating and writing it first if either file is missing. */
    public static synchronized IdentityKeys loadOrCreate(Path dir) {
        Path publicPem = dir.resolve(PUBLIC_FILE).toAbsolutePath();
        Path privatePem = dir.resolve(PRIVATE_FILE).toAbsolutePath();
        try {
            if (!Files.exists(publicPem) || !Files.exists(privatePem)) {
                Files.createDirectories(dir);
                KeyPair pair = generate();
                // Written to temp files and moved, so a reader never sees half a key.
                write(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
                write(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()), false);
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(unpem(publicPem)));
            PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(unpem(privatePem)));
            return new IdentityKeys(publicPem, privatePem, publicKey, privateKey);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load or create identity keys in " + dir, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Invalid identity key PEM in " + dir, e);
        }
    }

    /** The one test key pair of this JVM, in a temp dir deleted at exit; shared by all Quarkus class loaders. */
    public static synchronized IdentityKeys forTests() {
        if (forTests == null) {
            forTests = loadOrCreate(Path.of((String) JvmWide.call("identityDir")));
        }
        return forTests;
    }

    /** The public key PEM file ({@code -----BEGIN PUBLIC KEY-----}). */
    public Path publicKeyPem() {
        return publicKeyPem;
    }

    /** The private key PEM file ({@code -----BEGIN PRIVATE KEY-----}, PKCS#8). */
    public Path privateKeyPem() {
        return privateKeyPem;
    }

    /** The RSA public key. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** The RSA private key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    private static KeyPair generate() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[]{ '\n' }).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
    }

    private static void write(Path target, String content, boolean secret) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[]{ PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")) }
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp", attributes);
        try {
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
