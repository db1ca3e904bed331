package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.http.SimResponse;
import dev.polycsi.simulator.json.JsonRequest;
import java.util.List;
import java.util.function.Predicate;

/** DescribeStorageVirtualMachines: by StorageVirtualMachineIds, one Filter {@code file-system-id}, MaxResults/NextToken. */
final class StorageVirtualMachineApi {

    private static final int MAX_IDS = 50;

    private final FsxState state;
    private final OntapJson json;

    StorageVirtualMachineApi(FsxState state, SimulatorConfig config) {
        this.state = state;
        this.json = new OntapJson(config.region());
    }

    SimResponse describe(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        List<String> ids = body.strings("StorageVirtualMachineIds");
        if (ids.size() > MAX_IDS) {
            throw FsxError.badRequest("StorageVirtualMachineIds can name at most %d storage virtual machines.", MAX_IDS);
        }
        ids.forEach(id -> FsxIds.requireSvmId("StorageVirtualMachineIds", id));
        Predicate<Svm> filters = FsxFilters.read(body, 1, List.of("file-system-id"),
                (name, values) -> svm -> values.contains(svm.fileSystemId()));
        List<Svm> matching = state.ontap(ontap -> ontap.describeSvms(ids)).stream().filter(filters).toList();
        Page<Svm> page = Page.of(matching, Svm::sequence, body.string("NextToken"), body.integer("MaxResults"));
        return FsxJson.response(writer -> {
            writer.writeFieldName("StorageVirtualMachines").writeStartArray();
            page.items().forEach(svm -> json.writeSvm(writer, svm));
            writer.writeEndArray();
            page.nextToken().ifPresent(token -> FsxJson.field(writer, "NextToken", token));
        });
    }
}
