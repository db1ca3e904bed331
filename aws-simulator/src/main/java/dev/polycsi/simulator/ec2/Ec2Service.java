package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.SimContext;
import dev.polycsi.simulator.http.AwsError;
import dev.polycsi.simulator.http.AwsService;
import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.http.SimResponse;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * EC2 for EBS over the Query protocol (API version 2016-11-15): form-encoded {@code POST /} with
 * {@code Action=…}, XML answers in the EC2 namespace, errors as
 * {@code <Response><Errors><Error><Code>…}. Actions: CreateVolume, DescribeVolumes, DeleteVolume,
 * CopyVolumes, DescribeVolumeStatus, ModifyVolume, DescribeVolumesModifications, AttachVolume,
 * DetachVolume, CreateSnapshot, DeleteSnapshot, DescribeSnapshots, LockSnapshot, UnlockSnapshot,
 * DescribeLockedSnapshots, EnableFastSnapshotRestores, DisableFastSnapshotRestores,
 * DescribeFastSnapshotRestores, CreateTags, DeleteTags, DescribeInstances, DescribeAvailabilityZones. The account has the configured instances
 * ({@link dev.polycsi.simulator.SimulatorConfig#instances()}); volumes attach to any of them, but
 * only those attached to the node's instance (the first) appear as block devices on this machine.
 *
 * <p>State changes follow the clock lazily: a resource records when its transition ends (from the
 * {@code delay.*} knob at the time it started) and every call first settles what is due. Knobs:
 * {@code delay.volume.available}, {@code delay.volume.deleted}, {@code delay.volume.attached},
 * {@code delay.volume.detached}, {@code delay.modification.optimizing},
 * {@code delay.modification.completed}, {@code delay.modification.cooldown},
 * {@code delay.snapshot.completed}, {@code delay.volume.initialized} (from available until a restored
 * or copied volume's initialization-state is completed), {@code delay.fast-restore.optimizing},
 * {@code delay.fast-restore.enabled}, and {@code consistency} (how long Describe* does not see a new
 * volume or snapshot).
 *
 * <p>Throttling follows EC2's request token buckets, one per class (set as
 * {@code throttle.ec2.<class>=RATE/BURST}; EC2's default account limits in brackets):
 * <ul>
 * <li>{@code describe}: Describe* actions [{@code 20/100}]</li>
 * <li>{@code describe-unfiltered}: DescribeVolumes, DescribeSnapshots and DescribeInstances with
 *     neither ids, filters nor pagination [{@code 10/50}]</li>
 * <li>{@code mutating}: AttachVolume, DetachVolume, ModifyVolume, CopyVolumes [{@code 5/50}]</li>
 * <li>EC2's uncategorized actions, each its own bucket named after the action:
 *     {@code CreateVolume}, {@code DeleteVolume}, {@code CreateSnapshot}, {@code DeleteSnapshot}
 *     [{@code 5/100}], {@code CreateTags}, {@code DeleteTags} [{@code 10/100}]</li>
 * </ul>
 * A throttled call is answered 503 RequestLimitExceeded, which the SDK retries with backoff.
 */
public final class Ec2Service implements AwsService {

    static final String VERSION = "2016-11-15";
    static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final String CONTENT_TYPE = "text/xml;charset=UTF-8";

    static final String DESCRIBE = "describe";
    static final String DESCRIBE_UNFILTERED = "describe-unfiltered";
    static final String MUTATING = "mutating";
    private static final Set<String> OWN_BUCKETS = Set.of("CreateVolume", "DeleteVolume", "CreateSnapshot", "DeleteSnapshot", "CreateTags", "DeleteTags");
    private static final Set<String> UNFILTERED_BUCKET = Set.of("DescribeVolumes", "DescribeSnapshots", "DescribeInstances");
    private static final List<String> NARROWING_PARAMETERS = List.of("Filter.", "MaxResults", "NextToken", "VolumeId.", "SnapshotId.", "InstanceId.");

    private final InstantSource clock;
    private final Ec2State state = new Ec2State();
    private final Map<String, Ec2Context.Action> actions = new HashMap<>();
    /** Present when the configuration keeps state across restarts. */
    private final Optional<Ec2StateFile> stateFile;

    public Ec2Service(SimContext simulator) {
        this.clock = simulator.clock();
        this.stateFile = simulator.config().stateDir().map(Ec2StateFile::new);
        stateFile.ifPresent(file -> file.restore(state, simulator.blockStorage(), simulator.config().instanceId()));
        Ec2Context context = new Ec2Context(simulator.config(), simulator.knobs(), state, new StorageCalls(simulator.blockStorage()),
                new Ec2Xml(simulator.config()), new Zones(simulator.config()));
        List.of(new VolumesApi(context), new VolumeStatusApi(context), new ModificationsApi(context), new AttachmentsApi(context),
                new SnapshotsApi(context), new SnapshotLocksApi(context), new FastRestoresApi(context), new TagsApi(context),
                new InstancesApi(context, clock.instant())).forEach(api -> api.register(actions));
    }

    @Override
    public String name() {
        return "ec2";
    }

    /** A form POST to {@code /} for EC2's API version (other Query services carry other versions). */
    @Override
    public boolean accepts(SimRequest request) {
        if (!request.method().equals("POST") || !request.path().equals("/") || request.header("x-amz-target") != null) {
            return false;
        }
        String contentType = request.header("content-type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            return false;
        }
        Map<String, String> form = request.form();
        return VERSION.equals(form.get("Version")) && form.containsKey("Action");
    }

    @Override
    public String actionOf(SimRequest request) {
        return new QueryParams(request.form()).required("Action");
    }

    @Override
    public String throttleClassOf(String action) {
        if (OWN_BUCKETS.contains(action)) {
            return action;
        }
        return action.startsWith("Describe") ? DESCRIBE : MUTATING;
    }

    /** As {@link #throttleClassOf(String)}, but an unnarrowed listing draws on EC2's smaller bucket for those. */
    @Override
    public String throttleClassOf(String action, SimRequest request) {
        if (UNFILTERED_BUCKET.contains(action)) {
            Set<String> keys = request.form().keySet();
            boolean narrowed = keys.stream().anyMatch(key -> NARROWING_PARAMETERS.stream().anyMatch(key::startsWith));
            if (!narrowed) {
                return DESCRIBE_UNFILTERED;
            }
        }
        return throttleClassOf(action);
    }

    @Override
    public AwsError throttled() {
        return Ec2Errors.requestLimitExceeded();
    }

    @Override
    public SimResponse handle(SimRequest request) {
        QueryParams params = new QueryParams(request.form());
        String action = params.required("Action");
        Ec2Context.Action handler = actions.get(action);
        if (handler == null) {
            throw AwsError.badRequest("InvalidAction", "The action %s is not valid for this web service.", action);
        }
        XmlWriter response = new XmlWriter().start(action + "Response", NAMESPACE).element("requestId", UUID.randomUUID());
        state.lock.lock();
        try {
            Instant now = clock.instant();
            state.settle(now);
            handler.handle(params, now, response);
            // Describe changes nothing: settling follows from the saved instants again after a restart
            if (!action.startsWith("Describe")) {
                stateFile.ifPresent(file -> file.save(state));
            }
        } finally {
            state.lock.unlock();
        }
        return SimResponse.of(200, CONTENT_TYPE, response.end().toString());
    }

    @Override
    public SimResponse error(AwsError error) {
        String body = new XmlWriter().start("Response")
                .start("Errors").start("Error").element("Code", error.code()).element("Message", error.getMessage()).end().end()
                .element("RequestID", UUID.randomUUID())
                .end()
                .toString();
        return SimResponse.of(error.status(), CONTENT_TYPE, body);
    }
}
