package dev.polycsi.launcher.client;

import csi.v1.Csi;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code polycsi client snapshot create | delete | list}: the Controller service's snapshot calls. */
@Command(name = "snapshot", description = "The Controller service's snapshots: create, delete, list.",
        subcommands = {SnapshotCommands.Create.class, SnapshotCommands.Delete.class, SnapshotCommands.ListSnapshots.class})
final class SnapshotCommands extends ClientRoot.Group {

    @Command(name = "create", description = "CreateSnapshot; prints the new snapshot's id first.")
    static final class Create extends RpcCommand<Csi.CreateSnapshotResponse> {

        @Parameters(paramLabel = "NAME", description = "The snapshot's name, which is also the idempotency key.")
        String name;

        @Option(names = "--source", paramLabel = "VOLUME_ID", required = true, description = "The volume to snapshot.")
        String sourceVolumeId;

        @Option(names = "--param", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class,
                description = "A VolumeSnapshotClass parameter. Repeatable.")
        List<KeyValues.KeyValue> parameters = new ArrayList<>();

        @Mixin
        Options.Secrets secrets;

        @Override
        Csi.CreateSnapshotResponse invoke(CsiConnection csi) {
            return csi.controller().createSnapshot(Csi.CreateSnapshotRequest.newBuilder()
                    .setName(name)
                    .setSourceVolumeId(sourceVolumeId)
                    .putAllParameters(KeyValues.toMap(parameters))
                    .putAllSecrets(secrets.map())
                    .build());
        }

        @Override
        String text(Csi.CreateSnapshotResponse response) {
            return Text.snapshot(response.getSnapshot());
        }
    }

    @Command(name = "delete", description = "DeleteSnapshot.")
    static final class Delete extends RpcCommand<Csi.DeleteSnapshotResponse> {

        @Parameters(paramLabel = "SNAPSHOT_ID")
        String snapshotId;

        @Mixin
        Options.Secrets secrets;

        @Override
        Csi.DeleteSnapshotResponse invoke(CsiConnection csi) {
            return csi.controller().deleteSnapshot(Csi.DeleteSnapshotRequest.newBuilder()
                    .setSnapshotId(snapshotId).putAllSecrets(secrets.map()).build());
        }

        @Override
        String text(Csi.DeleteSnapshotResponse response) {
            return Text.line(snapshotId, "deleted");
        }
    }

    @Command(name = "list", description = "ListSnapshots, one per line. Follows every page unless --max is given.")
    static final class ListSnapshots extends RpcCommand<Csi.ListSnapshotsResponse> {

        @Option(names = "--id", paramLabel = "SNAPSHOT_ID", description = "Only this snapshot.")
        String snapshotId = "";

        @Option(names = "--source", paramLabel = "VOLUME_ID", description = "Only the snapshots of this volume.")
        String sourceVolumeId = "";

        @Option(names = "--max", paramLabel = "N", description = "Ask for one page of at most N snapshots; prints the next token when there are more.")
        Integer max;

        @Option(names = "--token", paramLabel = "TOKEN", description = "Start at this token, from an earlier page.")
        String token = "";

        @Mixin
        Options.Secrets secrets;

        @Override
        Csi.ListSnapshotsResponse invoke(CsiConnection csi) {
            if (max != null) {
                return page(csi, token);
            }
            Csi.ListSnapshotsResponse.Builder all = Csi.ListSnapshotsResponse.newBuilder();
            Pages.all(token, next -> page(csi, next), Csi.ListSnapshotsResponse::getNextToken)
                    .forEach(page -> all.addAllEntries(page.getEntriesList()));
            return all.build();
        }

        private Csi.ListSnapshotsResponse page(CsiConnection csi, String startingToken) {
            return csi.controller().listSnapshots(Csi.ListSnapshotsRequest.newBuilder()
                    .setMaxEntries(max != null ? max : 0)
                    .setStartingToken(startingToken)
                    .setSnapshotId(snapshotId)
                    .setSourceVolumeId(sourceVolumeId)
                    .putAllSecrets(secrets.map())
                    .build());
        }

        @Override
        String text(Csi.ListSnapshotsResponse response) {
            return Text.page(response.getEntriesList().stream().map(entry -> Text.snapshot(entry.getSnapshot())).toList(),
                    response.getNextToken());
        }
    }
}
