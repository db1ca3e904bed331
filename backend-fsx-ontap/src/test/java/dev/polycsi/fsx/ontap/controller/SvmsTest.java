package dev.polycsi.fsx.ontap.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.ontap.cloud.StorageVirtualMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A burst of CreateVolumes for one StorageClass looks its SVM up once, not once per call (FSx throttles). */
class SvmsTest {

    @Test
    void concurrentLookUpsOfOneSvmShareOneCallAndLaterOnesUseTheCache() throws Exception {
        FakeOntapCloud cloud = new FakeOntapCloud();
        cloud.svmAnswers = new CountDownLatch(1);
        Svms svms = new Svms(cloud);
        List<CompletableFuture<StorageVirtualMachine>> calls = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 6; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> svms.forClass(FakeOntapCloud.SVM, FakeOntapCloud.FILE_SYSTEM), callers));
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (cloud.svmLookups.get() == 0 && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            Thread.sleep(200); // time for the other five to arrive while the first look-up is out
            cloud.svmAnswers.countDown();
            for (CompletableFuture<StorageVirtualMachine> call : calls) {
                assertEquals(FakeOntapCloud.SVM, call.get(20, TimeUnit.SECONDS).id());
            }
        }
        assertEquals(1, cloud.svmLookups.get(), "one DescribeStorageVirtualMachines for six calls");
        svms.forClass(FakeOntapCloud.SVM, FakeOntapCloud.FILE_SYSTEM);
        assertEquals(1, cloud.svmLookups.get(), "the next call is answered from the cache");
        assertTrue(svms.find("svm-00000000000000000").isEmpty());
        assertEquals(2, cloud.svmLookups.get());
    }
}
