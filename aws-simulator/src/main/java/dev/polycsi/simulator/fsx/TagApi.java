package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.http.SimResponse;
import dev.polycsi.simulator.json.JsonRequest;
import java.util.List;
import java.util.stream.IntStream;

/**
 * TagResource, UntagResource and ListTagsForResource by ResourceARN, for file systems, caches, the
 * caches' data repository associations, ONTAP volumes, SVMs and backups; another FSx resource's
 * ARN (OpenZFS snapshots, …: not simulated) is ResourceNotFound, another service's
 * NotServiceResourceError.
 */
final class TagApi {

    private final FsxState state;

    TagApi(FsxState state) {
        this.state = state;
    }

    SimResponse tag(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        String arn = body.requiredString("ResourceARN");
        List<Tag> tags = Tag.listOf(body);
        if (tags.isEmpty()) {
            throw FsxError.badRequest("Tags must list 1 to %d tags.", Tag.MAX_TAGS);
        }
        state.retag(resourceOf(arn), arn, existing -> Tag.merge(existing, tags));
        return FsxJson.response(writer -> { });
    }

    /** Keys the resource does not have are no error. */
    SimResponse untag(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        String arn = body.requiredString("ResourceARN");
        List<String> keys = body.strings("TagKeys");
        if (keys.isEmpty() || keys.size() > Tag.MAX_TAGS) {
            throw FsxError.badRequest("TagKeys must list 1 to %d keys.", Tag.MAX_TAGS);
        }
        state.retag(resourceOf(arn), arn, existing -> Tag.without(existing, keys));
        return FsxJson.response(writer -> { });
    }

    SimResponse list(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        String arn = body.requiredString("ResourceARN");
        List<Tag> tags = state.tagsOf(resourceOf(arn), arn);
        List<Integer> positions = IntStream.range(0, tags.size()).boxed().toList();
        Page<Integer> page = Page.of(positions, Integer::longValue, body.string("NextToken"), body.integer("MaxResults"));
        return FsxJson.response(writer -> {
            FsxJson.tags(writer, page.items().stream().map(tags::get).toList());
            page.nextToken().ifPresent(token -> FsxJson.field(writer, "NextToken", token));
        });
    }

    private static FsxIds.Tagged resourceOf(String arn) {
        return FsxIds.resourceOfArn(arn).orElseThrow(() -> FsxError.resourceNotFound(arn));
    }
}
