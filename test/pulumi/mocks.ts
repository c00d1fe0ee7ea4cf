/*
 * Pulumi unit-test mocks (no CLI, no provider plugin): import this module before the module under
 * test. Every registered resource is recorded with its resolved inputs.
 */
import * as pulumi from '@pulumi/pulumi';

/** One resource the program registered, with its inputs as the engine would receive them. */
export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: any;
}

export const registered: RegisteredResource[] = [];

void pulumi.runtime.setMocks(
  {
    newResource: (args: pulumi.runtime.MockResourceArgs) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
  },
  'graceful-k8s-test',
  'test',
);

/** The value of an Output, once the (mocked) engine resolved it. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Waits until the resources of `component`'s children are registered; returns them by type. */
export async function childrenOf(...outputs: pulumi.Output<unknown>[]): Promise<void> {
  await Promise.all(outputs.map((o) => valueOf(o)));
}

/** The registered resources of one type, e.g. `kubernetes:apps/v1:Deployment`. */
export function registeredOfType(type: string): RegisteredResource[] {
  return registered.filter((r) => r.type === type);
}

/** The registered resource of `type` named `name`; throws when there is none. */
export function registeredResource(type: string, name: string): RegisteredResource {
  const found = registered.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`no ${type} named ${name} was registered (got ${registered.map((r) => `${r.type}/${r.name}`).join(', ')})`);
  return found;
}
