package dev.portcullis.auth;

import dev.portcullis.auth.spi.AuthListener;
import dev.portcullis.auth.telemetry.AnomalyEvent;
import dev.portcullis.auth.telemetry.LifecycleEvent;
import dev.portcullis.auth.telemetry.VerificationEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event it receives. */
class RecordingListener implements AuthListener {
  final List<VerificationEvent> verifications = new CopyOnWriteArrayList<>();
  final List<AnomalyEvent> anomalies = new CopyOnWriteArrayList<>();
  final List<LifecycleEvent> lifecycle = new CopyOnWriteArrayList<>();

  @Override
  public void onVerification(VerificationEvent event) {
    verifications.add(event);
  }

  @Override
  public void onAnomaly(AnomalyEvent event) {
    anomalies.add(event);
  }

  @Override
  public void onLifecycle(LifecycleEvent event) {
    lifecycle.add(event);
  }
}
