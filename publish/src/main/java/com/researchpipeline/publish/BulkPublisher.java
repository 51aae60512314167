package com.researchpipeline.publish;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.util.BinaryData;
import com.researchpipeline.contract.consumer.RetryCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends one bulk request of documents and sorts every document into exactly one of three outcomes:
 * stored (acknowledged, or already there with the same or a newer version), rejected (Elasticsearch refused
 * it for a fault of the document itself, as {@link DocumentFaults} lists: permanent) or to retry (every other
 * refusal, about the index, alias, cluster or access, and no answer at all, with the {@link RetryCause} that
 * says what to do). Never throws for an Elasticsearch problem and never retries by itself: the caller decides
 * when to try again.
 * Writes use external versioning, so sending a document twice stores it once.
 *
 * @param <C> the caller's context carried with each document (the Kafka record, in the consumer loop)
 */
public final class BulkPublisher<C> {

    /** A document to write: its {@code _id}, external version and JSON source. */
    public record Item<C>(C context, String id, long version, byte[] source) {
    }

    public record Stored<C>(Item<C> item, boolean alreadyThere, long version, String result) {
    }

    public record Rejected<C>(Item<C> item, DocumentRejectedException reason) {
    }

    /** The outcome of one attempt; {@code retryCause} and {@code retryDetail} say why {@code retry} is not empty. */
    public record Outcome<C>(List<Stored<C>> stored, List<Rejected<C>> rejected, List<Item<C>> retry,
                             RetryCause retryCause, String retryDetail) {
    }

    private static final String JSON = "application/json";
    private static final int MAX_REASON = 300;

    private final ElasticsearchClient client;
    private final String index;
    private final String shardWait;

    /**
     * How long Elasticsearch waits for the primary shard of an index a bulk auto-creates before the bulk's own wait
     * begins: its create request's default timeout, which the bulk cannot set.
     */
    static final Duration AUTO_CREATE_WAIT = Duration.ofSeconds(30);

    /**
     * {@code timeout} is the client's (ELASTICSEARCH_TIMEOUT): the node is asked to wait for an unassigned shard so
     * long that it answers which shard it lacks before the client gives up on the node as frozen (its own wait, a
     * minute, is as long as the client's), even when the bulk auto-creates the index on a cluster that cannot place
     * it: half of what {@link #AUTO_CREATE_WAIT} leaves of the timeout, or half the timeout when it leaves nothing.
     */
    public BulkPublisher(ElasticsearchClient client, String index, Duration timeout) {
        this.client = client;
        this.index = index;
        Duration left = timeout.compareTo(AUTO_CREATE_WAIT) > 0 ? timeout.minus(AUTO_CREATE_WAIT) : timeout;
        this.shardWait = Math.max(1, left.toMillis() / 2) + "ms";
    }

    public String index() {
        return index;
    }

    public Outcome<C> publish(List<Item<C>> items) {
        if (items.isEmpty()) {
            return new Outcome<>(List.of(), List.of(), List.of(), null, null);
        }
        BulkResponse response;
        try {
            response = client.bulk(request(items));
        } catch (Exception e) {
            return requestFailed(items, e);
        }
        List<Stored<C>> stored = new ArrayList<>();
        List<Rejected<C>> rejected = new ArrayList<>();
        List<Item<C>> retry = new ArrayList<>();
        List<Integer> refusedAt = new ArrayList<>();
        RetryCause retryCause = null;
        String retryDetail = null;
        for (int i = 0; i < items.size(); i++) {
            Item<C> item = items.get(i);
            BulkResponseItem answer = response.items().get(i);
            ErrorCause error = answer.error();
            if (error == null) {
                stored.add(new Stored<>(item, false, answer.version() == null ? item.version() : answer.version(),
                        answer.result()));
            } else if (answer.status() == 409) {
                stored.add(new Stored<>(item, true, item.version(), "unchanged"));
            } else if (DocumentFaults.isDocumentsFault(answer.status(), error.type())) {
                rejected.add(new Rejected<>(item, new DocumentRejectedException(describe(answer.status(), error))));
            } else {
                refusedAt.add(i);
            }
        }
        for (int i : refusedAt) {
            Item<C> item = items.get(i);
            BulkResponseItem answer = response.items().get(i);
            ErrorCause error = answer.error();
            if (DocumentFaults.isDocumentsFaultBeside(answer.status(), error.type(), stored.size())) {
                rejected.add(new Rejected<>(item, new DocumentRejectedException(describe(answer.status(), error)
                        + " (an error type not known to be about the index, while " + stored.size()
                        + " other document(s) of the same request were stored)")));
            } else {
                retry.add(item);
                retryCause = DocumentFaults.retryCauseOf(answer.status(), error.type());
                retryDetail = describe(answer.status(), error);
            }
        }
        return new Outcome<>(stored, rejected, retry, retryCause, retryDetail);
    }

    /**
     * The request as a whole got no usable answer. When that is a document's fault (413, or one invalid
     * request: an {@code _id} over 512 bytes) the document is rejected, or, in a request of several, each is
     * sent alone to find which; otherwise nothing is known to be stored and everything is retried.
     */
    private Outcome<C> requestFailed(List<Item<C>> items, Exception e) {
        int status = statusOf(e);
        String type = e instanceof ElasticsearchException es && es.error() != null ? es.error().type() : null;
        if (DocumentFaults.isDocumentsFault(status, type)) {
            if (items.size() == 1) {
                return new Outcome<>(List.of(), List.of(new Rejected<>(items.get(0), new DocumentRejectedException(
                        shortened((status == 413 ? "413 too large for Elasticsearch: " : "") + describe(e)), e))), List.of(),
                        null, null);
            }
            List<Stored<C>> stored = new ArrayList<>();
            List<Rejected<C>> rejected = new ArrayList<>();
            List<Item<C>> retry = new ArrayList<>();
            RetryCause retryCause = null;
            String retryDetail = null;
            for (Item<C> item : items) {
                Outcome<C> alone = publish(List.of(item));
                stored.addAll(alone.stored());
                rejected.addAll(alone.rejected());
                retry.addAll(alone.retry());
                if (alone.retryCause() != null) {
                    retryCause = alone.retryCause();
                    retryDetail = alone.retryDetail();
                }
            }
            return new Outcome<>(stored, rejected, retry, retryCause, retryDetail);
        }
        return new Outcome<>(List.of(), List.of(), List.copyOf(items), DocumentFaults.retryCauseOf(status, type),
                describe(e));
    }

    private BulkRequest request(List<Item<C>> items) {
        BulkRequest.Builder bulk = new BulkRequest.Builder().timeout(t -> t.time(shardWait));
        for (Item<C> item : items) {
            bulk.operations(op -> op.index(i -> i.index(index).id(item.id())
                    .version(item.version()).versionType(VersionType.External)
                    .document(BinaryData.of(item.source(), JSON))));
        }
        return bulk.build();
    }

    private static String describe(int status, ErrorCause error) {
        StringBuilder text = new StringBuilder().append(status).append(' ').append(error.type()).append(": ")
                .append(shortened(error.reason()));
        String index = indexOf(error);
        if (index != null) {
            text.append(" [index ").append(index).append(']');
        }
        for (ErrorCause cause = error.causedBy(); cause != null; cause = cause.causedBy()) {
            text.append("; caused by ").append(cause.type()).append(": ").append(shortened(cause.reason()));
        }
        return text.toString();
    }

    /** The index an error names (a closed index behind the alias, say), or null. */
    private static String indexOf(ErrorCause error) {
        JsonData index = error.metadata().get("index");
        try {
            return index == null ? null : index.to(String.class);
        } catch (RuntimeException notAString) {
            return null;
        }
    }

    /** Elasticsearch quotes the offending value, which may be megabytes: logs and headers get the start. */
    static String shortened(String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…";
    }

    private static int statusOf(Exception e) {
        if (e instanceof ElasticsearchException es) {
            return es.status();
        }
        if (e instanceof TransportException transport) {
            return transport.statusCode();
        }
        return -1;
    }

    private static String describe(Exception e) {
        if (ElasticsearchConnection.timedOut(e)) {
            return "no answer from Elasticsearch within " + ElasticsearchConnection.TIMEOUT
                    + " (the node frozen, hung or swamped; the whole request is sent again, so nothing is doubled)";
        }
        String message = e.getMessage();
        Throwable t = e;
        while ((message == null || message.isBlank()) && t.getCause() != null) {
            t = t.getCause();
            message = t.getMessage();
        }
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
