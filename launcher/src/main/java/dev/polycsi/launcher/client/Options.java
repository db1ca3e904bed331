package dev.polycsi.launcher.client;

import csi.v1.Csi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options several commands share, as picocli mixins. */
final class Options {

    static final String CAP_HELP = "A volume capability MODE,TYPE[,FSTYPE[,MOUNTFLAGS]]: MODE is single-node-writer,"
            + " single-node-reader-only, multi-node-reader-only, multi-node-single-writer, multi-node-multi-writer,"
            + " single-node-single-writer, single-node-multi-writer, or rwo, rox, rwx, rwop; TYPE is mount or block";

    private Options() {
    }

    static final class Secrets {
        @Option(names = "--secret", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class,
                description = "A secret sent with the call. Repeatable.")
        List<KeyValues.KeyValue> secrets = new ArrayList<>();

        Map<String, String> map() {
            return KeyValues.toMap(secrets);
        }
    }

    /** One capability, single-node-writer on a mounted filesystem unless given. */
    static final class Capability {
        @Option(names = "--cap", paramLabel = "SPEC", converter = Converters.Capability.class,
                description = CAP_HELP + " (default: " + CapabilitySpec.DEFAULT + ").")
        Csi.VolumeCapability capability;

        Csi.VolumeCapability orDefault() {
            return capability != null ? capability : CapabilitySpec.defaultCapability();
        }
    }

    /** The volume context and publish context the node calls pass on from the controller calls. */
    static final class Contexts {
        @Option(names = "--context", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class,
                description = "The volume context, as CreateVolume returned it. Repeatable.")
        List<KeyValues.KeyValue> volumeContext = new ArrayList<>();

        @Option(names = "--publish-context", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class,
                description = "The publish context, as ControllerPublishVolume returned it. Repeatable.")
        List<KeyValues.KeyValue> publishContext = new ArrayList<>();
    }
}
