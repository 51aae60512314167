package com.researchpipeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away self-signed certificate made with the JDK's {@code keytool} for one test: its key and certificate in
 * a PKCS#12 key store (for a broker's {@code ssl.keystore.location}), the certificate alone as PEM (for a
 * client's {@code KAFKA_SSL_CA_CERT}: a self-signed certificate is its own CA), and its key as unencrypted PKCS#8
 * PEM (for a client's {@code KAFKA_SSL_CLIENT_KEY}). Valid for a day; nothing is kept.
 */
public record TestCertificate(Path keyStore, String password, Path pem, Path keyPem) {

    /** A certificate for {@code CN=name} naming {@code subjectAltNames} (keytool's form: {@code ip:127.0.0.1,dns:localhost}). */
    public static TestCertificate selfSigned(Path dir, String name, String subjectAltNames) {
        String password = "test-only-" + Long.toHexString(System.nanoTime());
        Path keyStore = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "san=" + subjectAltNames, "-validity", "1", "-storetype", "PKCS12", "-keystore",
                keyStore.toString(), "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", keyStore.toString(), "-storepass", password,
                "-file", pem.toString());
        Path keyPem = dir.resolve(name + "-key.pem");
        try (var in = java.nio.file.Files.newInputStream(keyStore)) {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            byte[] pkcs8 = store.getKey(name, password.toCharArray()).getEncoded();
            java.nio.file.Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key of " + keyStore, e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the key keytool made in " + keyStore, e);
        }
        return new TestCertificate(keyStore, password, pem, keyPem);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
