package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.http.SimResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** TagResource, UntagResource and ListTagsForResource, for file systems and access points. */
final class TagApi {

    private static final int DEFAULT_PAGE_SIZE = 100;

    private final EfsState state;

    TagApi(EfsState state) {
        this.state = state;
    }

    /** {@code POST /2015-02-01/resource-tags/{ResourceId}} with {@code {"Tags":[…]}}: 200, empty. */
    SimResponse tag(String resourceId, SimRequest request, String caller) {
        List<Tag> tags = Tag.listOf(EfsJson.request(request.body()));
        if (tags.isEmpty()) {
            throw EfsError.badRequest("Tags must name at least one tag.");
        }
        state.tag(caller, resourceId(resourceId), tags);
        return empty();
    }

    /** {@code DELETE /2015-02-01/resource-tags/{ResourceId}?tagKeys=…}: 200, empty. */
    SimResponse untag(String resourceId, SimRequest request, String caller) {
        List<String> keys = QueryString.parse(request.query()).all("tagKeys");
        if (keys.isEmpty()) {
            throw EfsError.badRequest("tagKeys must name at least one tag key.");
        }
        state.untag(caller, resourceId(resourceId), keys);
        return empty();
    }

    /** {@code GET /2015-02-01/resource-tags/{ResourceId}?MaxResults=&NextToken=}. */
    SimResponse list(String resourceId, SimRequest request, String caller) {
        QueryString query = QueryString.parse(request.query());
        List<Tag> tags = state.tagsOf(caller, resourceId(resourceId));
        List<NumberedTag> numbered = IntStream.range(0, tags.size()).mapToObj(i -> new NumberedTag(i + 1, tags.get(i))).toList();
        Page<NumberedTag> page = Page.of(numbered, query.first("NextToken"), query.pageSize("MaxResults", DEFAULT_PAGE_SIZE));
        return EfsJson.response(200, writer -> {
            EfsJson.tags(writer, page.items().stream().map(NumberedTag::tag).toList());
            EfsJson.optionalField(writer, "NextToken", page.nextToken());
        });
    }

    /** Tags have no creation order of their own; their position stands in for it. */
    private record NumberedTag(long sequence, Tag tag) implements Sequenced {
    }

    private static String resourceId(String idOrArn) {
        return EfsIds.isAccessPointId(idOrArn) ? EfsIds.accessPointId(idOrArn) : EfsIds.fileSystemId(idOrArn);
    }

    private static SimResponse empty() {
        return new SimResponse(200, "application/json", Map.of(), new byte[0]);
    }
}
