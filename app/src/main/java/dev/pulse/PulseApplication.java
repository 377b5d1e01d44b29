package dev.pulse;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Pulse: self-hosted automation server for customer feedback and conversations. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PulseApplication {

  public static void main(String[] args) {
    SpringApplication.run(PulseApplication.class, args);
  }
}
