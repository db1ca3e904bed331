package dev.polycsi.launcher.client;

import csi.v1.Csi;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code polycsi client identity info | caps | probe}. */
@Command(name = "identity", description = "The Identity service: plugin name and version, capabilities, readiness.",
        subcommands = {IdentityCommands.Info.class, IdentityCommands.Caps.class, IdentityCommands.Probe.class})
final class IdentityCommands extends ClientRoot.Group {

    @Command(name = "info", description = "GetPluginInfo: the plugin's name and version.")
    static final class Info extends RpcCommand<Csi.GetPluginInfoResponse> {
        @Override
        Csi.GetPluginInfoResponse invoke(CsiConnection csi) {
            return csi.identity().getPluginInfo(Csi.GetPluginInfoRequest.getDefaultInstance());
        }

        @Override
        String text(Csi.GetPluginInfoResponse info) {
            return Text.line(info.getName(), info.getVendorVersion(), Text.labelled("manifest", info.getManifestMap()));
        }
    }

    @Command(name = "caps", description = "GetPluginCapabilities, one per line.")
    static final class Caps extends RpcCommand<Csi.GetPluginCapabilitiesResponse> {
        @Override
        Csi.GetPluginCapabilitiesResponse invoke(CsiConnection csi) {
            return csi.identity().getPluginCapabilities(Csi.GetPluginCapabilitiesRequest.getDefaultInstance());
        }

        @Override
        String text(Csi.GetPluginCapabilitiesResponse response) {
            return response.getCapabilitiesList().stream().map(Caps::capability).collect(Collectors.joining("\n"));
        }

        private static String capability(Csi.PluginCapability capability) {
            return switch (capability.getTypeCase()) {
                case SERVICE -> Text.name(capability.getService().getType(), capability.getService().getTypeValue());
                case VOLUME_EXPANSION -> "VOLUME_EXPANSION: "
                        + Text.name(capability.getVolumeExpansion().getType(), capability.getVolumeExpansion().getTypeValue());
                case TYPE_NOT_SET -> "(capability without a type)";
            };
        }
    }

    @Command(name = "probe", description = "Probe: whether the plugin is ready.")
    static final class Probe extends RpcCommand<Csi.ProbeResponse> {
        @Override
        Csi.ProbeResponse invoke(CsiConnection csi) {
            return csi.identity().probe(Csi.ProbeRequest.getDefaultInstance());
        }

        /** An unset {@code ready} means ready, as the spec tells a CO to assume. */
        @Override
        String text(Csi.ProbeResponse response) {
            return response.hasReady() && !response.getReady().getValue() ? "not ready" : "ready";
        }
    }
}
