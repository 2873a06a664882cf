// `subnetkit/subnet-config`: load a subnet definition and everything it names,
// as validators, miners and `subnet simulate` do.
export { loadSubnet, type Subnet } from './subnet.ts';
export { loadSubnetDefinition, type SubnetDefinition } from './load-definition.ts';
