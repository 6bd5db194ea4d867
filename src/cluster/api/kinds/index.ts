/** Importing this registers every kind module's API server hooks. */
import './workloads';
import './batch';
import './autoscaling';
