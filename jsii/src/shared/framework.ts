// ~~ Copied from src/cdk8s-common/framework.ts by jsii/sync-shared.sh (only import paths differ). Edit that file.
import type { FrameworkPreset } from './core';
import type { GracefulQuit } from './enums';

/** Options of a server that drains on SIGQUIT (nginx, php-fpm). */
export interface GracefulQuitOptions {
  /**
   * How the graceful quit (SIGQUIT) is delivered.
   * @default GracefulQuit.PRESTOP
   */
  readonly quitVia?: GracefulQuit;
}

/**
 * The app's framework (the core's `FrameworkPreset`), as an enum-like class so that it reaches every jsii
 * language: `Framework.springBoot()`, `Framework.nginx({ quitVia: GracefulQuit.STOP_SIGNAL })`.
 */
export class Framework {
  /** Spring Boot (`server.shutdown=graceful`, `spring.lifecycle.timeout-per-shutdown-phase` through env). */
  public static springBoot(): Framework {
    return new Framework({ kind: 'spring-boot' });
  }

  /** nginx: drains on SIGQUIT. */
  public static nginx(options?: GracefulQuitOptions): Framework {
    return new Framework({ kind: 'nginx', ...quitOf(options ?? {}) });
  }

  /** php-fpm: drains on SIGQUIT. */
  public static phpFpm(options?: GracefulQuitOptions): Framework {
    return new Framework({ kind: 'php-fpm', ...quitOf(options ?? {}) });
  }

  /** gunicorn (`--graceful-timeout` through `GUNICORN_CMD_ARGS`). */
  public static gunicorn(): Framework {
    return new Framework({ kind: 'gunicorn' });
  }

  /**
   * uvicorn (`--timeout-graceful-shutdown` through `UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN`, which only the `uvicorn` command
   * reads: with `uvicorn.run()` pass `timeout_graceful_shutdown` yourself; under gunicorn with uvicorn workers use `gunicorn()`).
   */
  public static uvicorn(): Framework {
    return new Framework({ kind: 'uvicorn' });
  }

  /** A Node.js server: the app code must close its server on SIGTERM (listed in explain()). */
  public static nodejs(): Framework {
    return new Framework({ kind: 'nodejs' });
  }

  /** A Go server (`http.Server.Shutdown` on SIGTERM, listed in explain()). Named `golang`: `go` is a keyword in Go. */
  public static golang(): Framework {
    return new Framework({ kind: 'go' });
  }

  private constructor(private readonly preset: FrameworkPreset) {}

  /**
   * The core's form.
   * @internal
   */
  public _toCore(): FrameworkPreset {
    return this.preset;
  }
}

function quitOf(options: GracefulQuitOptions): { quitVia?: FrameworkPreset['quitVia'] } {
  return options.quitVia === undefined ? {} : { quitVia: options.quitVia };
}
