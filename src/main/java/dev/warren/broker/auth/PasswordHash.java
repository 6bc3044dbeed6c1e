package dev.warren.broker.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Salted password hashes in RabbitMQ's {@code rabbit_password_hashing_sha256} format:
 * base64(salt[4] + SHA-256(salt[4] + password)), so definitions exported by RabbitMQ import as is.
 */
public final class PasswordHash {
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    public static String hash(String password) {
        byte[] salt = new byte[4];
        RANDOM.nextBytes(salt);
        return Base64.getEncoder().encodeToString(saltedDigest(salt, password));
    }

    public static boolean matches(String hash, String password) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (decoded.length != 36) {
            return false;
        }
        byte[] expected = saltedDigest(Arrays.copyOf(decoded, 4), password);
        return MessageDigest.isEqual(decoded, expected);
    }

    private static byte[] saltedDigest(byte[] salt, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            byte[] digest = sha.digest();
            byte[] out = new byte[salt.length + digest.length];
            System.arraycopy(salt, 0, out, 0, salt.length);
            System.arraycopy(digest, 0, out, salt.length, digest.length);
            return out;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
