package dev.pulse.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The admin console and the agents' inbox: static pages (static/console, static/inbox) that talk to the REST API. */
@Controller
class ConsoleController {

  @GetMapping({"/console", "/console/"})
  String console() {
    return "forward:/console/index.html";
  }

  @GetMapping({"/inbox", "/inbox/"})
  String inbox() {
    return "forward:/inbox/index.html";
  }
}
