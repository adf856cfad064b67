<?php
# expect: read
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'holm', 'username' => 'hu', 'password' => '', 'host' => '', 'port' => 0);
