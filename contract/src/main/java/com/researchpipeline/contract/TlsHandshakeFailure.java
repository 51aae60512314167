package com.researchpipeline.contract;

import java.nio.file.Path;

/**
 * What a failed TLS handshake says to fix, for the causes every TLS client of the pipeline meets the same way (Kafka,
 * Elasticsearch): a certificate no trusted CA signed, or one that does not name the host. Read from the messages of
 * the failure and its causes, as the JDK words them.
 */
public final class TlsHandshakeFailure {

    /**
     * What to fix when {@code sslFailure} is one of those causes; null otherwise. {@code caVariable} names the setting
     * of the CA ({@code ca}, null when unset), {@code addressVariable} the setting that holds the host's name.
     */
    public static String trustOrName(Throwable sslFailure, String caVariable, Path ca, String addressVariable) {
        String messages = messages(sslFailure);
        if (messages.contains("PKIX path") || messages.contains("unable to find valid certification path")) {
            return "its certificate is not signed by a CA this client trusts: check " + caVariable
                    + (ca == null ? " (unset: the JVM's trust store is used)" : " (" + ca + ")");
        }
        if (messages.contains("subject alternative") || messages.contains("No name matching")
                || messages.contains("No subject")) {
            return "its certificate does not name the host the client connected to: use in " + addressVariable
                    + " a name the certificate holds";
        }
        return null;
    }

    /** The messages of {@code failure} and of its causes, in one line. */
    public static String messages(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            chain.append(' ').append(t.getMessage());
        }
        return chain.toString();
    }

    private TlsHandshakeFailure() {
    }
}
