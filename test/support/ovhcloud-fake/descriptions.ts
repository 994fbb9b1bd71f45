import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** A parameter of an operation as the descriptions declare it (`name` is absent for a whole-body model). */
export interface ParamDescription {
  readonly name?: string;
  readonly dataType: string;
  readonly fullType?: string;
  readonly paramType: 'path' | 'query' | 'body';
  readonly required?: boolean;
}

/** An operation as the descriptions declare it. */
export interface OperationDescription {
  readonly httpMethod: string;
  readonly parameters: readonly ParamDescription[];
  readonly responseType: string;
  readonly noAuthentication?: boolean;
  readonly apiStatus?: { value: string };
}

/** A property of a model. */
export interface PropertyDescription {
  readonly type: string;
  readonly fullType?: string;
  readonly canBeNull?: boolean;
  readonly required?: boolean;
  readonly readOnly?: boolean;
}

/** A model: an enumeration or an object with properties. */
export interface ModelDescription {
  readonly enum?: readonly string[];
  readonly properties?: Record<string, PropertyDescription>;
}

/** One description file (`me.json` …). */
export interface DescriptionFile {
  readonly name: string;
  readonly apis: readonly { path: string; operations: readonly OperationDescription[] }[];
  readonly models: Record<string, ModelDescription>;
}

/** An operation found for a request, with the file whose models it uses and its path parameters. */
export interface RouteMatch {
  readonly file: DescriptionFile;
  readonly template: string;
  readonly op: OperationDescription;
  readonly pathParams: Record<string, string>;
}

/** The folder of the vendored descriptions. */
export const DESCRIPTIONS_DIR = resolve(import.meta.dirname, '../../../adapters/ovhcloud/api');
const FILES = ['auth', 'me', 'cloud', 'order', 'services', 'service'];

/**
 * Products whose `changeContact` the fake also serves: every product declares the same operation as
 * `/cloud/project/{serviceName}/changeContact` (not vendored; cloned from the cloud one).
 */
export const OTHER_PRODUCT_ROUTES = ['/vps/{serviceName}', '/domain/{serviceName}', '/hosting/web/{serviceName}', '/dedicated/server/{serviceName}'];

interface Route {
  readonly file: DescriptionFile;
  readonly template: string;
  readonly regex: RegExp;
  readonly names: readonly string[];
  readonly operations: readonly OperationDescription[];
}

/** Every operation of the vendored descriptions, found by method and concrete path. */
export class ApiDescriptions {
  readonly files: ReadonlyMap<string, DescriptionFile>;
  readonly #routes: Route[] = [];

  /** Loads the files from the repository. */
  constructor(dir = DESCRIPTIONS_DIR) {
    const files = new Map<string, DescriptionFile>();
    for (const name of FILES) {
      const json = JSON.parse(readFileSync(resolve(dir, `${name}.json`), 'utf8')) as Omit<DescriptionFile, 'name'>;
      files.set(name, { ...json, name });
    }
    this.files = files;
    for (const file of files.values()) for (const api of file.apis) this.#add(file, api.path, api.operations);
    const cloud = files.get('cloud')!;
    const changeContact = cloud.apis.find((a) => a.path === '/cloud/project/{serviceName}/changeContact')!;
    for (const route of OTHER_PRODUCT_ROUTES) this.#add(cloud, `${route}/changeContact`, changeContact.operations);
  }

  #add(file: DescriptionFile, template: string, operations: readonly OperationDescription[]): void {
    const names: string[] = [];
    const pattern = template.split(/(\{[^}]+\})/).map((part) => {
      const m = /^\{(.+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]!);
      return '([^/]+)';
    });
    this.#routes.push({ file, template, regex: new RegExp(`^${pattern.join('')}$`), names, operations });
  }

  /** The operation for a method and a concrete path: a match, `unknownPath`, or `unknownMethod`. */
  find(method: string, path: string): RouteMatch | 'unknownPath' | 'unknownMethod' {
    // Prefer the route with the fewest parameters (a literal segment beats a template one).
    const candidates = this.#routes
      .map((route) => ({ route, m: route.regex.exec(path) }))
      .filter((c) => c.m)
      .sort((a, b) => a.route.names.length - b.route.names.length);
    if (candidates.length === 0) return 'unknownPath';
    for (const { route, m } of candidates) {
      const op = route.operations.find((o) => o.httpMethod === method);
      if (!op) continue;
      const pathParams = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m![i + 1]!)]));
      return { file: route.file, template: route.template, op, pathParams };
    }
    return 'unknownMethod';
  }

  /** The operation at a template (for tests and for resolving list items). */
  operation(method: string, template: string): { file: DescriptionFile; op: OperationDescription } | undefined {
    for (const route of this.#routes) {
      if (route.template !== template) continue;
      const op = route.operations.find((o) => o.httpMethod === method);
      if (op) return { file: route.file, op };
    }
    return undefined;
  }

  /** The item operation of a list `GET template` (`GET template/{param}`): its file, answer type and parameter. */
  itemOf(template: string): { file: DescriptionFile; type: string; template: string; param: string } | undefined {
    for (const route of this.#routes) {
      if (!route.template.startsWith(`${template}/{`) || route.template.slice(template.length + 1).includes('/')) continue;
      const op = route.operations.find((o) => o.httpMethod === 'GET');
      if (op) return { file: route.file, type: op.responseType, template: route.template, param: route.names[route.names.length - 1]! };
    }
    return undefined;
  }
}
