package dev.polycsi.aws.idempotency;

import dev.polycsi.aws.errors.AwsCallException;
import dev.polycsi.spi.CsiException.Code;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Creation that no retry, restart or lost reply turns into a second resource, the way every AWS
 * backend creates: look the resource up by its name (its {@code CSIVolumeName} tag); if it is
 * there, compare it with the request (ALREADY_EXISTS when it differs) and take it; otherwise
 * create it with a client token derived from the name ({@link ClientTokens}). When the service
 * refuses the token as used before with other parameters (EC2's IdempotentParameterMismatch,
 * FSx's IncompatibleParameterError), look again by name, since the look-up may have lagged; if
 * the name is still unknown, the token belongs to someone else's request, and the next
 * generation is tried.
 *
 * <p>Failures are {@link AwsCallException}s; a backend maps them to its own type.
 *
 * @param <R> the service's description of the resource, e.g. the SDK's {@code Volume} or {@code FileSystem}
 */
public final class IdempotentCreate<R> {

    private static final Logger LOG = LogManager.getLogger(IdempotentCreate.class);

    /** Client token generations tried in one call; more refusals than that are ALREADY_EXISTS. */
    public static final int GENERATIONS_PER_CALL = 5;

    private final String kind;
    private final ClientTokens tokens;
    private final Predicate<RuntimeException> tokenConflict;
    private final Predicate<RuntimeException> mayHaveCreated;
    private final Predicate<R> gone;

    /**
     * @param kind          what is created, for messages, e.g. "volume"
     * @param tokenConflict whether a create failure says the token was used with other parameters
     */
    public IdempotentCreate(String kind, ClientTokens tokens, Predicate<RuntimeException> tokenConflict) {
        this(kind, tokens, tokenConflict, failure -> false, created -> false);
    }

    private IdempotentCreate(String kind, ClientTokens tokens, Predicate<RuntimeException> tokenConflict,
            Predicate<RuntimeException> mayHaveCreated, Predicate<R> gone) {
        this.kind = kind;
        this.tokens = tokens;
        this.tokenConflict = tokenConflict;
        this.mayHaveCreated = mayHaveCreated;
        this.gone = gone;
    }

    /** Failures after which the resource may exist all the same (EC2 made volumes before answering VolumeLimitExceeded), so that a look-up decides. */
    public IdempotentCreate<R> lookingAgainAfter(Predicate<RuntimeException> failure) {
        return new IdempotentCreate<>(kind, tokens, tokenConflict, failure, gone);
    }

    /** Creates that returned a deleted resource: the service replayed the token's first answer, so the next generation is tried. */
    public IdempotentCreate<R> skipping(Predicate<R> deleted) {
        return new IdempotentCreate<>(kind, tokens, tokenConflict, mayHaveCreated, deleted);
    }

    /**
     * The resource named {@code name}: found and accepted by {@code compare}, or made by
     * {@code create} with the name's current client token.
     *
     * @param find    the resource of this name, if any (the look-up by name tag)
     * @param compare throws ALREADY_EXISTS when a found resource is not what the request asks for
     * @param create  the create call, given the client token
     */
    public R create(String name, Supplier<Optional<R>> find, Consumer<R> compare, Function<String, R> create) {
        Optional<R> existing = find.get();
        if (existing.isPresent()) {
            return accept(name, existing.get(), compare);
        }
        int first = tokens.current(name);
        String conflictCode = "";
        for (int generation = first; generation < first + GENERATIONS_PER_CALL; generation++) {
            R created;
            try {
                created = create.apply(tokens.of(name, generation));
            } catch (RuntimeException e) {
                boolean conflict = tokenConflict.test(e);
                if (!conflict && !mayHaveCreated.test(e)) {
                    throw e;
                }
                Optional<R> named = find.get();
                if (named.isPresent()) {
                    return accept(name, named.get(), compare);
                }
                if (!conflict) {
                    throw e;
                }
                LOG.info("{} {}: client token generation {} was used with other parameters; trying the next", kind, name, generation);
                conflictCode = e instanceof AwsCallException aws ? aws.awsErrorCode() : "";
                tokens.reject(name, generation);
                continue;
            }
            if (gone.test(created)) {
                LOG.info("{} {}: client token generation {} names a {} deleted since; trying the next", kind, name, generation, kind);
                tokens.reject(name, generation);
                continue;
            }
            return created;
        }
        throw new AwsCallException(Code.ALREADY_EXISTS, conflictCode, "%s %s: the service refused %d client tokens for this name with other parameters"
                .formatted(kind, name, GENERATIONS_PER_CALL), null);
    }

    private R accept(String name, R found, Consumer<R> compare) {
        compare.accept(found);
        LOG.debug("{} {}: found by its name", kind, name);
        return found;
    }
}
