/** kubectl's tabwriter settings; the Go tabwriter port lives in the model (crictl uses it too). */
export { TabWriter, tableWriter, describeWriter } from '../cluster/tabwriter';
