package dev.portcullis.auth.config;

import java.util.regex.Pattern;

/**
 * Recognises the variables Kubernetes injects for every Service in a pod's namespace
 * ("service links"), so that a Service named {@code portcullis} (or {@code portcullis-db}) does
 * not make the strict loader refuse every pod as if {@code PORTCULLIS_SERVICE_HOST} were a
 * misspelled setting.
 *
 * <p>Kubernetes writes, for a Service {@code NAME} (upper case, {@code -} as {@code _}) with a port
 * {@code 8080/TCP}: {@code NAME_SERVICE_HOST=10.0.0.11}, {@code NAME_SERVICE_PORT=8080}, {@code
 * NAME_SERVICE_PORT_<PORTNAME>=8080}, {@code NAME_PORT=tcp://10.0.0.11:8080}, {@code
 * NAME_PORT_8080_TCP=tcp://10.0.0.11:8080} and its {@code _PROTO}, {@code _PORT} and {@code _ADDR}
 * parts. A variable is recognised only when both its name and its value have that form, so a
 * real typo such as {@code PORTCULLIS_STORE_PORT=5432} is still reported.
 */
final class ServiceLinkVariables {

  private static final String NAME = "([A-Z0-9][A-Z0-9_]*_)?";
  private static final Pattern HOST_NAME = Pattern.compile(NAME + "SERVICE_HOST");
  private static final Pattern SERVICE_PORT_NAME = Pattern.compile(NAME + "SERVICE_PORT(_[A-Z0-9_]+)?");
  private static final Pattern URL_NAME = Pattern.compile(NAME + "PORT(_[0-9]{1,5}_(TCP|UDP|SCTP))?");
  private static final String PART = NAME + "PORT_[0-9]{1,5}_(TCP|UDP|SCTP)_";
  private static final Pattern PART_PROTO = Pattern.compile(PART + "PROTO");
  private static final Pattern PART_PORT = Pattern.compile(PART + "PORT");
  private static final Pattern PART_ADDR = Pattern.compile(PART + "ADDR");

  private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:]{2,45}");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
  private static final Pattern URL = Pattern.compile("(tcp|udp|sctp)://[0-9A-Fa-f.:\\[\\]]{2,47}:[0-9]{1,5}");
  private static final Pattern PROTOCOL = Pattern.compile("tcp|udp|sctp");

  private ServiceLinkVariables() {}

  /**
   * True if {@code suffix} (the variable's name after the prefix, e.g. {@code SERVICE_HOST} or
   * {@code DB_PORT_5432_TCP_ADDR}) and {@code value} have the form of a Kubernetes service link.
   */
  static boolean isServiceLink(String suffix, String value) {
    // every form is tried: PORT_8080_TCP_PORT also has the shape NAME_PORT of a service named
    // PORT_8080_TCP, and only the value tells them apart
    return matches(HOST_NAME, suffix, ADDRESS, value)
        || matches(SERVICE_PORT_NAME, suffix, PORT, value)
        || matches(URL_NAME, suffix, URL, value)
        || matches(PART_PROTO, suffix, PROTOCOL, value)
        || matches(PART_PORT, suffix, PORT, value)
        || matches(PART_ADDR, suffix, ADDRESS, value);
  }

  private static boolean matches(Pattern name, String suffix, Pattern form, String value) {
    return name.matcher(suffix).matches() && form.matcher(value).matches();
  }
}
