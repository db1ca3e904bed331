package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.http.AwsError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CreateTags and DeleteTags on volumes, snapshots and instances. */
final class TagsApi implements Ec2Context.Api {

    private final Ec2State state;
    private final SimulatorConfig config;

    TagsApi(Ec2Context context) {
        this.state = context.state();
        this.config = context.config();
    }

    @Override
    public void register(Map<String, Ec2Context.Action> actions) {
        actions.put("CreateTags", this::createTags);
        actions.put("DeleteTags", this::deleteTags);
    }

    private void createTags(QueryParams params, Instant now, XmlWriter response) {
        List<Map<String, String>> targets = resources(params);
        Map<String, String> tags = Tags.validated(params.tags("Tag"));
        if (tags.isEmpty()) {
            throw Ec2Errors.missingParameter("Tag");
        }
        List<Map<String, String>> merged = targets.stream().map(existing -> Tags.merged(existing, tags)).toList();
        params.stopIfDryRun();
        for (int i = 0; i < targets.size(); i++) {
            targets.get(i).clear();
            targets.get(i).putAll(merged.get(i));
        }
        response.element("return", true);
    }

    /** As in EC2: without Tag.N every tag goes; a tag given with a value goes only if its value matches. */
    private void deleteTags(QueryParams params, Instant now, XmlWriter response) {
        List<Map<String, String>> targets = resources(params);
        Map<String, Optional<String>> tags = params.tagsToDelete("Tag");
        params.stopIfDryRun();
        for (Map<String, String> existing : targets) {
            if (tags.isEmpty()) {
                existing.clear();
            }
            tags.forEach((key, value) -> {
                if (value.isEmpty() || value.get().equals(existing.get(key))) {
                    existing.remove(key);
                }
            });
        }
        response.element("return", true);
    }

    /** The tag maps of every ResourceId.N; any unknown resource fails the whole call before anything changes. */
    private List<Map<String, String>> resources(QueryParams params) {
        List<String> ids = params.list("ResourceId");
        if (ids.isEmpty()) {
            throw Ec2Errors.missingParameter("ResourceId");
        }
        List<Map<String, String>> targets = new ArrayList<>();
        for (String id : ids) {
            targets.add(tagsOf(id));
        }
        return targets;
    }

    private Map<String, String> tagsOf(String id) {
        if (id.startsWith("vol-")) {
            Volume volume = state.volumes.get(ResourceIds.volume(id));
            if (volume == null) {
                throw Ec2Errors.volumeNotFound(id);
            }
            return volume.tags;
        }
        if (id.startsWith("snap-")) {
            Snapshot snapshot = state.snapshots.get(ResourceIds.snapshot(id));
            if (snapshot == null) {
                throw Ec2Errors.snapshotNotFound(id);
            }
            return snapshot.tags;
        }
        if (id.startsWith("i-")) {
            if (config.instance(ResourceIds.instance(id)).isEmpty()) {
                throw Ec2Errors.instanceNotFound(id);
            }
            return state.tagsOf(id);
        }
        throw AwsError.badRequest("InvalidID", "The ID '%s' is not valid", id);
    }
}
