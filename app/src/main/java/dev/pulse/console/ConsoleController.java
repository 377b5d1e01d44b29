package dev.pulse.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The admin console: one static page (static/console) that talks to the REST API. */
@Controller
class ConsoleController {

  @GetMapping({"/console", "/console/"})
  String console() {
    return "forward:/console/index.html";
  }
}
