import type { FrameworkPreset } from 'graceful-k8s';
import type { QuitVia } from './enums';

/** Options of the SIGQUIT servers (nginx, php-fpm). */
export interface GracefulQuitOptions {
  /**
   * How the graceful quit (SIGQUIT) is delivered.
   * @default QuitVia.PRESTOP
   */
  readonly quitVia?: QuitVia;
}

/**
 * The app's framework (the core's `FrameworkPreset`): its shutdown settings get aligned (env, or settings listed
 * in explain()), and SIGQUIT servers get their graceful quit.
 */
export class Framework {
  /** Spring Boot (`server.shutdown=graceful`, `spring.lifecycle.timeout-per-shutdown-phase`). */
  public static springBoot(): Framework {
    return new Framework({ kind: 'spring-boot' });
  }
  /** nginx (graceful quit on SIGQUIT). */
  public static nginx(options: GracefulQuitOptions = {}): Framework {
    return new Framework({ kind: 'nginx', ...quitOf(options) });
  }
  /** php-fpm (graceful quit on SIGQUIT). */
  public static phpFpm(options: GracefulQuitOptions = {}): Framework {
    return new Framework({ kind: 'php-fpm', ...quitOf(options) });
  }
  /** gunicorn (`--graceful-timeout`). */
  public static gunicorn(): Framework {
    return new Framework({ kind: 'gunicorn' });
  }
  /** uvicorn (`--timeout-graceful-shutdown`). */
  public static uvicorn(): Framework {
    return new Framework({ kind: 'uvicorn' });
  }
  /** A Node.js server. */
  public static nodejs(): Framework {
    return new Framework({ kind: 'nodejs' });
  }
  /** A Go server (`http.Server.Shutdown`). */
  public static go(): Framework {
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
