package dev.polycsi.aws.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polycsi.aws.errors.AwsCallException;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.CsiException.Code;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The steps against a fake service that, like EC2 and FSx, remembers each token with the request it came with. */
class IdempotentCreateTest {

    record Resource(String id, String name, int size, boolean deleted) {
    }

    /** Tokens remembered with their size; a name tag look-up that can lag. */
    static final class FakeService {
        final Map<String, Resource> byToken = new HashMap<>();
        final List<Resource> all = new ArrayList<>();
        final List<String> tokensUsed = new ArrayList<>();
        /** How many of the next look-ups miss what exists, as EC2's eventually consistent Describe calls may. */
        int laggingLookUps;
        RuntimeException failAfterCreating;

        Optional<Resource> findByName(String name) {
            if (laggingLookUps > 0) {
                laggingLookUps--;
                return Optional.empty();
            }
            return all.stream().filter(r -> r.name().equals(name) && !r.deleted()).findFirst();
        }

        Resource create(String token, String name, int size) {
            tokensUsed.add(token);
            Resource earlier = byToken.get(token);
            if (earlier != null) {
                if (earlier.size() != size) {
                    throw new AwsCallException(Code.ALREADY_EXISTS, "IdempotentParameterMismatch", "token used with other parameters", null);
                }
                return earlier;
            }
            Resource made = new Resource("r-" + (all.size() + 1), name, size, false);
            byToken.put(token, made);
            all.add(made);
            if (failAfterCreating != null) {
                throw failAfterCreating;
            }
            return made;
        }

        void delete(String id) {
            all.replaceAll(r -> r.id().equals(id) ? new Resource(r.id(), r.name(), r.size(), true) : r);
            byToken.replaceAll((token, r) -> r.id().equals(id) ? new Resource(r.id(), r.name(), r.size(), true) : r);
        }
    }

    private final FakeService service = new FakeService();
    private final IdempotentCreate<Resource> creation = new IdempotentCreate<Resource>("volume", new ClientTokens(Clock.systemUTC()),
            e -> e instanceof AwsCallException aws && aws.awsErrorCode().equals("IdempotentParameterMismatch"))
            .lookingAgainAfter(e -> e instanceof AwsCallException aws && aws.awsErrorCode().equals("VolumeLimitExceeded"))
            .skipping(Resource::deleted);

    private Resource create(String name, int size) {
        return creation.create(name, () -> service.findByName(name), found -> {
            if (found.size() != size) {
                throw CsiException.alreadyExists("volume %s already exists with size %d, not %d", name, found.size(), size);
            }
        }, token -> service.create(token, name, size));
    }

    @Test
    void theSameRequestTwiceIsOneResourceFoundByName() {
        Resource first = create("pvc-1", 10);
        assertEquals(first, create("pvc-1", 10));
        assertEquals(List.of(ClientTokens.token("pvc-1", 1)), service.tokensUsed, "the second request found it without creating");
    }

    @Test
    void aFoundResourceThatDiffersIsAlreadyExists() {
        create("pvc-1", 10);
        assertEquals(Code.ALREADY_EXISTS, assertThrows(CsiException.class, () -> create("pvc-1", 20)).code());
        assertEquals(1, service.tokensUsed.size());
    }

    @Test
    void aLaggingLookUpIsCaughtByTheTokenAndCompared() {
        Resource first = create("pvc-1", 10);
        service.laggingLookUps = 1;
        assertEquals(first, create("pvc-1", 10), "the service answered the token with the first resource");
        // another size while the first look-up lags: the token conflicts, the second look-up finds it, the comparison refuses
        service.laggingLookUps = 1;
        assertEquals(Code.ALREADY_EXISTS, assertThrows(CsiException.class, () -> create("pvc-1", 20)).code());
        assertEquals(List.of(ClientTokens.token("pvc-1", 1)), service.tokensUsed.stream().distinct().toList(), "no second generation");
    }

    @Test
    void aTokenUsedByAnotherRequestMovesToTheNextGeneration() {
        service.create(ClientTokens.token("pvc-1", 1), "someone-else", 1);
        Resource made = create("pvc-1", 10);
        assertEquals(10, made.size());
        assertEquals(ClientTokens.token("pvc-1", 2), service.tokensUsed.getLast());
        service.tokensUsed.clear();
        service.all.removeIf(r -> r.name().equals("pvc-1")); // not found by name: a create again starts at the remembered generation
        create("pvc-1", 10);
        assertEquals(List.of(ClientTokens.token("pvc-1", 2)), service.tokensUsed);
    }

    @Test
    void aTokenThatNamesADeletedResourceMovesOn() {
        Resource first = create("pvc-1", 10);
        service.delete(first.id());
        Resource second = create("pvc-1", 10);
        assertNotEquals(first.id(), second.id());
        assertEquals(ClientTokens.token("pvc-1", 2), service.tokensUsed.getLast());
    }

    @Test
    void aFailureThatMayHaveCreatedIsDecidedByALookUp() {
        service.failAfterCreating = new AwsCallException(Code.RESOURCE_EXHAUSTED, "VolumeLimitExceeded", "limit", null);
        Resource made = create("pvc-1", 10);
        assertEquals("pvc-1", made.name());
        service.failAfterCreating = new AwsCallException(Code.RESOURCE_EXHAUSTED, "VolumeLimitExceeded", "limit", null);
        service.laggingLookUps = 2;
        assertEquals(Code.RESOURCE_EXHAUSTED, assertThrows(AwsCallException.class, () -> create("pvc-2", 10)).code());
        service.failAfterCreating = new AwsCallException(Code.INVALID_ARGUMENT, "InvalidParameterValue", "bad", null);
        assertEquals("InvalidParameterValue", assertThrows(AwsCallException.class, () -> create("pvc-3", 10)).awsErrorCode());
    }

    @Test
    void tooManyRefusedTokensAreAlreadyExists() {
        for (int generation = 1; generation <= IdempotentCreate.GENERATIONS_PER_CALL; generation++) {
            service.create(ClientTokens.token("pvc-1", generation), "someone-else", 1);
        }
        AwsCallException e = assertThrows(AwsCallException.class, () -> create("pvc-1", 10));
        assertEquals(Code.ALREADY_EXISTS, e.code());
        assertEquals("IdempotentParameterMismatch", e.awsErrorCode());
        // the next call starts after the refused ones
        assertEquals(10, create("pvc-1", 10).size());
        assertEquals(ClientTokens.token("pvc-1", IdempotentCreate.GENERATIONS_PER_CALL + 1), service.tokensUsed.getLast());
    }
}
