<?php
define("CIVICRM\x5fDSN", 'mysql://esc_u:s3cr3t@dbhost.example/esc?new_link=true');
define('CIVICRM_DSN', 'mysql://second_u:s3cr3t@dbhost.example/second?new_link=true');
